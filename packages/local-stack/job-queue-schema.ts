// graphile-worker keeps its jobs in its own schema (graphile_worker), versioned by its own migrations. They run with
// ours (`npm run db:migrate`, the stack's start, the tests' throwaway databases), so a transaction can call
// graphile_worker.add_job() on any migrated database; the runner checks again at start, under its own lock.
// Tooling: the migration runner (migrations.ts) installs it with the app's migrations.
import { Logger, runMigrations } from "graphile-worker";

const quiet = new Logger(() => () => undefined);

export async function installJobQueueSchema(databaseUrl: string): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, logger: quiet });
}
