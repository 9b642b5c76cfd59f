// GET /admin/tenants/export — the tenants table as CSV with the page's filters and sort, streamed in batches
// of 1,000 rows so 50,000 tenants never sit in memory at once. Admins only (404 otherwise).
import { iterateTenants, tenantListQuerySchema } from "@/lib/admin/list-tenants";
import { minorUnitDigits, toMajorUnits } from "@/lib/format/money";
import { withAdmin } from "@/lib/http/with-admin";

const HEADER = ["tenant_id", "name", "slug", "stripe_customer_id", "plan", "status", "mrr", "currency", "next_renewal", "last_payment", "failed_attempts"];

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
function cell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const GET = withAdmin(async (request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { q, status, sort, dir } = tenantListQuerySchema.parse(params);
  const encoder = new TextEncoder();
  const rows = iterateTenants({ q, status, sort, dir });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${HEADER.join(",")}\r\n`));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) {
        controller.close();
        return;
      }
      const lines = next.value.map((row) =>
        [
          row.tenantId,
          row.name,
          row.slug,
          row.stripeCustomerId,
          row.planName,
          row.status,
          toMajorUnits(row.mrr, row.currency).toFixed(minorUnitDigits(row.currency)),
          row.currency,
          row.nextRenewalAt?.toISOString() ?? null,
          row.lastPaymentAt?.toISOString() ?? null,
          row.failedAttempts,
        ]
          .map(cell)
          .join(","),
      );
      controller.enqueue(encoder.encode(`${lines.join("\r\n")}\r\n`));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="tenants-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});
