// @access public — opens an emailed verification link: one click confirms the address and signs in.
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { isAccountTokenLive } from "@/lib/accounts/account-tokens";
import { ConfirmEmailButton } from "./confirm-email-button";

export const metadata: Metadata = { title: "Confirm your email address" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// A button rather than confirming on GET: mail scanners open links, and must not spend them.
export default async function VerifyEmailPage({ searchParams }: Props) {
  const token = (await searchParams).token;
  const live = typeof token === "string" && (await isAccountTokenLive("verify_email", token));
  return (
    <Card titleAs="h1" title="Confirm your email address" description="One click and your account is ready for billing.">
      {live ? (
        <ConfirmEmailButton token={token} />
      ) : (
        <Alert tone="error">
          This link has expired or was used already. <Link href="/signin">Sign in</Link> and send a new one from{" "}
          <Link href="/settings">Settings</Link>.
        </Alert>
      )}
    </Card>
  );
}
