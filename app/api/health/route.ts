// GET /api/health — liveness and readiness for load balancers: database, migrations, Stripe mode.
// @access public — load balancers call it; it reveals no secret.
import { getHealth } from "@/lib/health/get-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await getHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
