import type { PrismaClient } from "@pieraksts/db";
import {
  claimDue,
  defaultRetryDelays,
  type OutboxChannel,
  type OutboxRow,
  recordOutcome,
  type SendOutcome,
} from "./outbox.ts";

/** Sends one channel's messages: e-mail over SMTP, SMS through a gateway, webhooks. */
export interface Transport {
  channel: OutboxChannel;
  /** Seconds before each further attempt (defaultRetryDelays when absent). */
  retryDelays?: readonly number[];
  /**
   * One attempt. It must end (time out) well within the lease; a throw counts as a
   * failure worth retrying.
   */
  send(message: OutboxRow): Promise<SendOutcome>;
  /** Lets go of connections when the process stops. */
  close?(): void;
}

export interface OutboxWorkerOptions {
  prisma: PrismaClient;
  transports: readonly Transport[];
  now: () => Date;
  /** How often to look for due messages when nothing nudges the worker. */
  pollMs: number;
  /** How long a claimed message is this worker's before another may take it. */
  leaseSeconds: number;
  /** Messages sent at once by one process. */
  batch?: number;
  onError?: (error: unknown) => void;
  onOutcome?: (row: OutboxRow, outcome: SendOutcome) => void;
  /**
   * True while the process is answering requests: a pass then waits, so that sending
   * never slows a booking down (issue 11), but never longer than `maxDeferMs` in a row.
   */
  busy?: () => boolean;
  /** The longest a pass waits for a busy process (default 5 s); then it runs anyway. */
  maxDeferMs?: number;
}

/** How often a pass that waits for a busy process looks again. */
const BUSY_RECHECK_MS = 50;

export interface OutboxWorker {
  /** Look now (after a commit that wrote messages) instead of at the next poll. */
  nudge(): void;
  /** One pass: claims and sends what is due; the number of messages handled. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the sends under way. */
  stop(): Promise<void>;
}

/**
 * The outbox worker of one process. It polls every `pollMs`, and at once after a nudge;
 * a pass that found a full batch runs again straight away. While the process is busy
 * answering requests a pass waits for a gap, at most `maxDeferMs`. Several processes may
 * run one each: claims never hand the same message to two of them while its lease lasts.
 */
export function outboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const byChannel = new Map(options.transports.map((t) => [t.channel, t]));
  const channels = [...byChannel.keys()];
  const batch = options.batch ?? 10;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  /** Since when a pass has been waiting for the process to be idle (undefined: not waiting). */
  let deferredSince: number | undefined;
  const maxDeferMs = options.maxDeferMs ?? 5000;

  async function sendOne(row: OutboxRow): Promise<void> {
    const transport = byChannel.get(row.channel as OutboxChannel);
    if (!transport) return;
    let outcome: SendOutcome;
    try {
      outcome = await transport.send(row);
    } catch (error) {
      outcome = { status: "retry", error: error instanceof Error ? error.message : String(error) };
    }
    await recordOutcome(options.prisma, row, outcome, {
      now: options.now(),
      retryDelays: transport.retryDelays ?? defaultRetryDelays,
    });
    options.onOutcome?.(row, outcome);
  }

  async function runOnce(): Promise<number> {
    const rows = await claimDue(options.prisma, {
      channels,
      now: options.now(),
      leaseSeconds: options.leaseSeconds,
      limit: batch,
    });
    await Promise.all(rows.map((row) => sendOne(row).catch((error) => options.onError?.(error))));
    return rows.length;
  }

  function schedule(delay: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref();
  }

  function tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (options.busy?.()) {
      deferredSince ??= Date.now();
      if (Date.now() - deferredSince < maxDeferMs) {
        schedule(BUSY_RECHECK_MS);
        return;
      }
    }
    deferredSince = undefined;
    running = (async () => {
      let handled = 0;
      try {
        handled = await runOnce();
      } catch (error) {
        options.onError?.(error);
      }
      running = undefined;
      const soon = again || handled >= batch;
      again = false;
      schedule(soon ? 0 : options.pollMs);
    })();
  }

  if (channels.length > 0) schedule(options.pollMs);

  return {
    nudge() {
      if (channels.length > 0) schedule(0);
    },
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
