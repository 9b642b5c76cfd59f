// Next.js calls register() once when a server process boots, before it serves the first request. NEXT_RUNTIME is
// Next's own switch between the Node.js and edge bundles (not configuration): sockets, server hooks and background
// jobs exist in the Node.js one only.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The per-address login and sign-up limits need the real TCP peer, which Next does not hand to handlers.
  const { installSocketAddressHook } = await import("@/lib/http/socket-address-hook");
  installSocketAddressHook();
  const { refuseUnroutedMethods } = await import("@/lib/http/refuse-unrouted-methods");
  refuseUnroutedMethods();
  const { startPayloadRetentionTimer } = await import("@/lib/webhooks/payload-retention");
  startPayloadRetentionTimer();
  const { startAbandonedCheckoutSweep } = await import("@/lib/billing/close-abandoned-checkouts");
  startAbandonedCheckoutSweep();
  // The job queue (outbox emails, and the periodic jobs it schedules): every instance runs a worker; a job runs once.
  const { startJobWorker } = await import("@/lib/jobs/start-job-worker");
  void startJobWorker().catch(async (error: unknown) => {
    const { getLogger } = await import("@/lib/log");
    getLogger().error({ error: String(error) }, "job worker failed to start");
  });
}
