import { writeFile } from "node:fs/promises";
import { openapiPath, renderOpenapiDocument } from "../src/openapi-document.ts";

await writeFile(openapiPath, await renderOpenapiDocument());
console.log(`Wrote ${openapiPath}`);
