export {
  type ServerProcess as RunningServer,
  spawnServer,
} from "../../apps/api/test/support/spawn-server.ts";
