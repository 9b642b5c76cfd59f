import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { fromBigint } from "@/lib/db/from-bigint";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodeTimeCursor, pageByTime } from "./time-cursor";

// The webhook console's ledger view: newest first, keyset-paged on (receivedAt, id).

export const WEBHOOK_STATUSES = ["received", "processed", "failed", "ignored", "conflict", "unmatched"] as const;

/** A filter date PostgreSQL and the console can both hold: `-000001-01-01` parses in JavaScript, not in a query. */
const filterDate = z.coerce
  .date()
  .refine((d) => d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999, "Out of range");

export const webhookEventQuerySchema = z.object({
  type: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(WEBHOOK_STATUSES).optional().catch(undefined),
  tenant: z.string().trim().max(100).optional().catch(undefined),
  from: filterDate.optional().catch(undefined),
  to: filterDate.optional().catch(undefined),
  after: z.string().max(300).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(200).default(50).catch(50),
});
export type WebhookEventQuery = z.output<typeof webhookEventQuerySchema>;

export type WebhookEventRow = {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastError: string | null;
  tenantId: string | null;
  tenantName: string | null;
  objectId: string | null;
  stripeCreated: number;
  receivedAt: Date;
  processedAt: Date | null;
};

export async function listWebhookEvents(input: Partial<WebhookEventQuery> = {}) {
  const query = webhookEventQuerySchema.parse(input);
  const where: Prisma.Sql[] = [];
  if (query.type) where.push(query.type.includes("*") ? Prisma.sql`e."type" LIKE ${query.type.replace(/\*/g, "%")}` : Prisma.sql`e."type" = ${query.type}`);
  if (query.status) where.push(Prisma.sql`e."status" = CAST(${query.status} AS "WebhookEventStatus")`);
  if (query.tenant) where.push(Prisma.sql`e."tenantId" = ${query.tenant}`);
  if (query.from) where.push(Prisma.sql`e."receivedAt" >= ${query.from}`);
  if (query.to) where.push(Prisma.sql`e."receivedAt" < ${query.to}`);
  const cursor = decodeTimeCursor(query.after);
  if (cursor) {
    where.push(Prisma.sql`(e."receivedAt", e."id") < (CAST(${cursor.at} AS timestamptz), ${cursor.id})`);
  }
  const raw = await getDb().$queryRaw<(Omit<WebhookEventRow, "stripeCreated"> & { stripeCreated: bigint })[]>`
    SELECT e."id", e."type", e."status"::text AS "status", e."attempts", e."lastError", e."tenantId",
           t."name" AS "tenantName", e."objectId", e."stripeCreated", e."receivedAt", e."processedAt"
    FROM "WebhookEvent" e LEFT JOIN "Tenant" t ON t."id" = e."tenantId"
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY e."receivedAt" DESC, e."id" DESC
    LIMIT ${query.limit + 1}`;
  const rows = raw.map((row): WebhookEventRow => ({ ...row, stripeCreated: fromBigint(row.stripeCreated) }));
  return pageByTime(rows, query.limit, (row) => row.receivedAt);
}

/** One ledger entry with its (already redacted) payload. */
export async function getWebhookEventOrThrow(id: string) {
  const stored = await getDb().webhookEvent.findUnique({ where: { id } });
  if (!stored) throw new AppError("not_found");
  const event = { ...stored, stripeCreated: fromBigint(stored.stripeCreated) };
  const tenant = event.tenantId
    ? await getDb().tenant.findUnique({ where: { id: event.tenantId }, select: { id: true, name: true } })
    : null;
  return { event, tenant };
}

export async function listWebhookEventTypes(): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ type: string }[]>`SELECT DISTINCT "type" FROM "WebhookEvent" ORDER BY 1 LIMIT 200`;
  return rows.map((row) => row.type);
}
