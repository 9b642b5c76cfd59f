// Vitest setup file: points this worker's test file at its own copy of the migrated database (global-setup.ts makes
// one per worker), before the file's own imports read DATABASE_URL.
import { inject } from "vitest";

const urls = inject("workerDatabaseUrls");
const worker = Number(process.env.VITEST_POOL_ID ?? "1");
const url = urls[(worker - 1) % urls.length];
if (url) process.env.DATABASE_URL = url;
