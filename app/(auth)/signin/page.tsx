// @access public — the sign-in form.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { getCurrentSession } from "@/lib/auth/guards";
import styles from "../auth.module.css";
import { postSignInTarget } from "../post-sign-in-target";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : null;
  const session = await getCurrentSession();
  if (session) redirect(postSignInTarget(callbackUrl, session));
  // next-auth sends ?error=… when the form was posted without JavaScript; any error gets the generic text.
  const failed = typeof params.error === "string";
  const signUpHref = callbackUrl ? `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signup";
  return (
    <Card
      titleAs="h1"
      title="Sign in"
      description="Manage your plan, payment method and invoices."
      footer={
        <>
          <p className={styles.switch}>
            <Link href="/forgot-password">Forgot your password?</Link>
          </p>
          <p className={styles.switch}>
            New here? <Link href={signUpHref}>Create an account</Link>
          </p>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} initialError={failed} />
    </Card>
  );
}
