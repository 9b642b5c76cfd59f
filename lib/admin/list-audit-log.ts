import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodeTimeCursor, pageByTime } from "./time-cursor";

// The global audit log: newest first, keyset-paged on (createdAt, id); rows are append-only.

export const auditQuerySchema = z.object({
  tenant: z.string().trim().max(100).optional().catch(undefined),
  actor: z.string().trim().max(200).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  after: z.string().max(300).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(200).default(50).catch(50),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

export type AuditRow = {
  id: string;
  tenantId: string | null;
  tenantName: string | null;
  actor: string;
  /** The e-mail of the user or admin behind `actor`, when it is one. */
  actorEmail: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  createdAt: Date;
};

export async function listAuditLog(input: Partial<AuditQuery> = {}) {
  const query = auditQuerySchema.parse(input);
  const where: Prisma.Sql[] = [];
  if (query.tenant) where.push(Prisma.sql`a."tenantId" = ${query.tenant}`);
  // "admin:" matches every admin, "stripe:evt_…" one event.
  if (query.actor) where.push(Prisma.sql`a."actor" LIKE ${`${query.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (query.action) where.push(Prisma.sql`a."action" LIKE ${`${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const cursor = decodeTimeCursor(query.after);
  if (cursor) {
    where.push(Prisma.sql`(a."createdAt", a."id") < (CAST(${cursor.at} AS timestamptz), ${cursor.id})`);
  }
  const rows = await getDb().$queryRaw<AuditRow[]>`
    SELECT a."id", a."tenantId", t."name" AS "tenantName", a."actor", u."email" AS "actorEmail", a."action", a."before", a."after",
      a."reason", a."createdAt"
    FROM "AuditLog" a LEFT JOIN "Tenant" t ON t."id" = a."tenantId"
    LEFT JOIN "User" u ON split_part(a."actor", ':', 1) IN ('user', 'admin') AND u."id" = split_part(a."actor", ':', 2)
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY a."createdAt" DESC, a."id" DESC
    LIMIT ${query.limit + 1}`;
  return pageByTime(rows, query.limit, (row) => row.createdAt);
}
