// @access public — the sign-up form.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { MIN_PASSWORD_LENGTH } from "@/lib/accounts/sign-up";
import { getCurrentSession } from "@/lib/auth/guards";
import styles from "../auth.module.css";
import { postSignInTarget } from "../post-sign-in-target";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignUpPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : null;
  const session = await getCurrentSession();
  if (session) redirect(postSignInTarget(callbackUrl, session));
  const signInHref = callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin";
  return (
    <Card
      titleAs="h1"
      title="Create an account"
      description="You will be the owner of your organisation's billing. We email you a link to confirm your address."
      footer={
        <p className={styles.switch}>
          Already have an account? <Link href={signInHref}>Sign in</Link>
        </p>
      }
    >
      <SignUpForm minPasswordLength={MIN_PASSWORD_LENGTH} />
    </Card>
  );
}
