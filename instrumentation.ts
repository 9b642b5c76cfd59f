// Next.js calls register() once when a server process boots. NEXT_RUNTIME is Next's own switch between the
// Node.js and edge bundles (not configuration); background jobs run in the Node.js one only.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { refuseUnroutedMethods } = await import("@/lib/http/refuse-unrouted-methods");
  refuseUnroutedMethods();
  const { startPayloadRetentionTimer } = await import("@/lib/webhooks/payload-retention");
  startPayloadRetentionTimer();
}
