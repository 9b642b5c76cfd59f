import "server-only";
import { getDb } from "@/lib/db/client";
import { fromBigint } from "@/lib/db/from-bigint";
import { AppError } from "@/lib/errors";
import { buildDunningTimeline, type DunningEntry } from "./dunning-timeline";
import { listAuditLog } from "./list-audit-log";

// Everything the tenant detail page shows, in one place; the page renders it and fetches nothing itself.

const LIMIT = 100;

export async function getTenantDetailOrThrow(tenantId: string, now = new Date()) {
  const db = getDb();
  const tenant = await db.tenant.findUnique({
    where: { id: tenantId },
    select: { id: true, name: true, slug: true, stripeCustomerId: true, createdAt: true },
  });
  if (!tenant) throw new AppError("not_found");

  const [storedSummary, subscriptions, invoices, payments, audit, members, paymentMethod, emails] = await Promise.all([
    db.tenantBillingSummary.findUnique({ where: { tenantId } }),
    db.subscription.findMany({
      where: { tenantId },
      orderBy: { createdAt: "desc" },
      include: { plan: { select: { name: true, amount: true, currency: true, interval: true } } },
    }),
    db.invoice.findMany({ where: { tenantId }, orderBy: { stripeCreatedAt: "desc" }, take: LIMIT }),
    db.payment.findMany({
      where: { tenantId },
      orderBy: { stripeCreatedAt: "desc" },
      take: LIMIT,
      include: { refunds: { orderBy: { stripeCreatedAt: "asc" } } },
    }),
    // The global log's query: its rows carry the e-mail of the user or admin who acted.
    listAuditLog({ tenant: tenantId, limit: LIMIT }).then((page) => page.rows),
    db.membership.findMany({
      where: { tenantId },
      orderBy: { createdAt: "asc" },
      select: { role: true, user: { select: { id: true, email: true, name: true } } },
    }),
    db.paymentMethod.findUnique({ where: { tenantId }, select: { brand: true, last4: true, expMonth: true, expYear: true } }),
    // The email log: what was sent, to whom, when, and what the SMTP server answered.
    db.email.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: LIMIT,
      select: { id: true, to: true, template: true, subject: true, status: true, attempts: true, lastResponse: true, sentAt: true, createdAt: true },
    }),
  ]);

  const dunning: DunningEntry[] = buildDunningTimeline(invoices, payments, now);
  const summary = storedSummary && { ...storedSummary, mrr: fromBigint(storedSummary.mrr) };
  return { tenant, summary, subscriptions, invoices, payments, audit, members, paymentMethod, dunning, emails };
}
