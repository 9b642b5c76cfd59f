// GET / — there is no marketing page: signed-in people go to their billing, everyone else to pricing.
// @access public — only redirects.
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/guards";

export default async function HomePage() {
  const user = await getCurrentUser();
  redirect(user ? (user.isPlatformAdmin ? "/admin" : "/billing") : "/pricing");
}
