// npm run db:migrate:new -- <name> | npm run db:migrate | npm run db:status
// Offline migrations through Prisma's wasm schema engine (@asset-anchor/local-stack/migrations), against DATABASE_URL when set,
// else the embedded PostgreSQL (attached if the app is running, otherwise started for this command and stopped).
import { databaseUrlFromEnvOrEmbedded, type DatabaseConnection } from "@asset-anchor/local-stack/embedded-postgres";
import {
  applyMigrations,
  createMigration,
  lastEnginePanic,
  markMigrationRolledBack,
  migrationStatus,
  redactUrl,
} from "@asset-anchor/local-stack/migrations";

const USAGE = `Usage:
  tsx scripts/db-migrate.ts new <name>   write prisma/migrations/<timestamp>_<name>/migration.sql from prisma/schema.prisma
  tsx scripts/db-migrate.ts apply        apply pending migrations
  tsx scripts/db-migrate.ts status       exit 0 when the database is up to date, 1 otherwise
  tsx scripts/db-migrate.ts mark-rolled-back <name>
                                         after undoing a failed migration by hand, let apply run it again`;

const COMMANDS = ["new", "apply", "status", "mark-rolled-back"];

async function run(command: string | undefined, args: string[]): Promise<number> {
  if (!command || !COMMANDS.includes(command)) {
    console.error(USAGE);
    return 2;
  }
  if (command === "new" && !args[0]) {
    console.error("db-migrate: a migration needs a name: npm run db:migrate:new -- <name>");
    return 2;
  }
  if (command === "mark-rolled-back" && !args[0]) {
    console.error("db-migrate: name the failed migration: tsx scripts/db-migrate.ts mark-rolled-back <name>");
    return 2;
  }

  let connection: DatabaseConnection | undefined;
  try {
    connection = await databaseUrlFromEnvOrEmbedded({ log: (message) => console.error(`db-migrate: ${message}`) });
    const where = connection.source === "env" ? `DATABASE_URL (${redactUrl(connection.databaseUrl)})` : "the embedded PostgreSQL";
    const started = Date.now();

    if (command === "new") {
      const created = await createMigration(args.join("_"), connection.databaseUrl);
      if (!created) {
        console.log("No schema changes: prisma/schema.prisma matches the migrations folder; nothing written.");
      } else {
        console.log(`Created prisma/migrations/${created.name}/migration.sql — review it, then npm run db:migrate`);
      }
      return 0;
    }

    if (command === "mark-rolled-back") {
      await markMigrationRolledBack(connection.databaseUrl, args[0] ?? "");
      console.log(`Marked ${args[0]} rolled back on ${where}; npm run db:migrate will apply it again.`);
      return 0;
    }

    if (command === "apply") {
      const applied = await applyMigrations(connection.databaseUrl);
      const elapsed = Date.now() - started;
      if (applied.length === 0) console.log(`No pending migrations on ${where} (${elapsed} ms).`);
      else console.log(`Applied ${applied.length} migration(s) on ${where} in ${elapsed} ms:\n  ${applied.join("\n  ")}`);
      return 0;
    }

    const status = await migrationStatus(connection.databaseUrl);
    console.log(`${where}: ${status.summary}`);
    if (!status.current) console.log("Run npm run db:migrate to apply pending migrations.");
    return status.current ? 0 : 1;
  } catch (error) {
    console.error(`db-migrate ${command} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await connection?.stop().catch((error: unknown) => console.error(`db-migrate: stopping PostgreSQL failed: ${String(error)}`));
  }
}

// A panic inside the wasm engine traps outside any promise; say what it was instead of a bare wasm stack.
process.on("uncaughtException", (error) => {
  const panic = lastEnginePanic();
  console.error(`db-migrate: the schema engine crashed: ${panic ?? (error instanceof Error ? error.message : String(error))}`);
  process.exit(1);
});

const [command, ...args] = process.argv.slice(2);
// Exit explicitly: the wasm engine leaves a lock-timeout timer behind that would hold the process for ~10 s.
run(command, args).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
