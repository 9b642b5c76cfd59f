// Next 16 runs register() once per server process, before it serves the first request.
export async function register(): Promise<void> {
  // Only the Node runtime has sockets; the hook gives the per-address login and sign-up limits the real peer.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installSocketAddressHook } = await import("@/lib/http/socket-address-hook");
    installSocketAddressHook();
  }
}
