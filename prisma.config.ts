// For the stock Prisma CLI (`prisma generate`, and `prisma migrate deploy` on a machine that can download its
// engine): Prisma 7 reads the connection URL from here, not from schema.prisma. Locally and offline, migrations
// run through scripts/db-migrate.ts, which writes the same `_prisma_migrations` rows.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Optional so `prisma generate` (postinstall) works without a database.
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
