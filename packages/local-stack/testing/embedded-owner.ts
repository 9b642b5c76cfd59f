// Test fixture: a process that owns an embedded PostgreSQL and then waits to be killed.
// Usage: node --import tsx packages/local-stack/testing/embedded-owner.ts <dataDir>; prints one JSON line once the server is up.
import { ensureEmbeddedPostgres, readRecord } from "../embedded-postgres";

const dataDir = process.argv[2];
if (!dataDir) {
  console.error("usage: embedded-owner.ts <dataDir>");
  process.exit(2);
}
const embedded = await ensureEmbeddedPostgres({ dataDir, preferredPort: 0, ephemeral: true });
const record = await readRecord(dataDir);
console.log(
  JSON.stringify({
    databaseUrl: embedded.databaseUrl,
    postmasterPid: record?.postmasterPid,
    supervisorPid: record?.supervisorPid,
    startedHere: embedded.startedHere,
  }),
);
// Stay alive until killed: the point is what happens to PostgreSQL when this process dies without cleanup.
setInterval(() => undefined, 60_000);
