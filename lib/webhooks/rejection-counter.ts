import "server-only";

export interface WebhookRejections {
  total: number;
  byReason: Record<string, number>;
  since: Date;
  lastAt: Date | null;
}

// Rejected deliveries never reach the ledger (a bad signature writes nothing), so they are counted in
// memory, per instance. Kept on globalThis because Next bundles the route and the admin pages apart.
const holder = globalThis as unknown as { assetAnchorWebhookRejections?: WebhookRejections };

function counts(): WebhookRejections {
  holder.assetAnchorWebhookRejections ??= { total: 0, byReason: {}, since: new Date(), lastAt: null };
  return holder.assetAnchorWebhookRejections;
}

export function recordWebhookRejection(reason: string): void {
  const current = counts();
  current.total += 1;
  current.byReason[reason] = (current.byReason[reason] ?? 0) + 1;
  current.lastAt = new Date();
}

export function getWebhookRejections(): WebhookRejections {
  const current = counts();
  return { ...current, byReason: { ...current.byReason } };
}
