// Every unknown URL, and every notFound() (an unknown plan, a page someone may not see): a real 404 in the
// product's design with a way back to the home that fits who is asking.
import type { Metadata } from "next";
import { ErrorPage, errorPageStyles as styles } from "@/components/ui/error-page";
import { getCurrentUser } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Page not found" };

async function homeFor(): Promise<{ href: string; label: string }> {
  try {
    const user = await getCurrentUser();
    if (!user) return { href: "/", label: "Back to the home page" };
    return user.isPlatformAdmin ? { href: "/admin", label: "Back to the admin console" } : { href: "/billing", label: "Back to billing" };
  } catch {
    // The 404 must render even when the session cannot be read (database down).
    return { href: "/", label: "Back to the home page" };
  }
}

export default async function NotFound() {
  const home = await homeFor();
  return (
    <ErrorPage
      code="404"
      title="Page not found"
      message="This page does not exist, or it is not yours to see. Check the address, or start again from your home page."
      actions={
        <a href={home.href} className={styles.primary}>
          {home.label}
        </a>
      }
    />
  );
}
