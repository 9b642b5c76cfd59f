import "server-only";
import { z } from "zod";
import type { AdminContext } from "@/lib/auth/types";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { replayEvent, ReplayError } from "@/lib/webhooks/replay-event";
import { fillEventGap } from "./fill-event-gap";

export const replayWebhookEventSchema = z.object({ eventId: z.string().regex(/^evt_[A-Za-z0-9_]+$/, "Not an event id.") });

/** The console's replay button: re-runs one failed event and records who did it. */
export async function replayWebhookEvent(input: z.output<typeof replayWebhookEventSchema>, { user }: AdminContext) {
  let result;
  try {
    result = await replayEvent(input.eventId);
  } catch (error) {
    if (error instanceof ReplayError) throw new AppError("not_found", error.message);
    throw error;
  }
  const entry = await getDb().webhookEvent.findUnique({ where: { id: input.eventId }, select: { tenantId: true, status: true, type: true } });
  await recordAudit(getDb(), {
    tenantId: entry?.tenantId ?? null,
    actor: `admin:${user.id}`,
    action: "admin.webhook_replay",
    before: null,
    after: { eventId: input.eventId, type: entry?.type ?? null, outcome: result.outcome, source: result.source },
  });
  return { outcome: result.outcome, source: result.source, status: entry?.status ?? null, error: result.error ?? null };
}

export const fillWebhookGapSchema = z.object({
  since: z.coerce.date().refine((d) => d.getTime() > Date.now() - 31 * 24 * 3600 * 1000, "Stripe keeps events for 30 days."),
});

export async function fillWebhookGap(input: z.output<typeof fillWebhookGapSchema>, { user }: AdminContext) {
  const report = await fillEventGap(input.since);
  await recordAudit(getDb(), {
    tenantId: null,
    actor: `admin:${user.id}`,
    action: "admin.webhook_gap_fill",
    before: null,
    after: { since: input.since.toISOString(), scanned: report.scanned, missing: report.missing, outcomes: report.outcomes },
  });
  return { ...report, since: report.since.toISOString() };
}
