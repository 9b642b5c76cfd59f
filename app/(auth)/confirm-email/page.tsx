// @access public — opens the link sent to a NEW address: one click makes it the account's sign-in email.
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { isAccountTokenLive } from "@/lib/accounts/account-tokens";
import { EMAIL_CHANGE_LINK_INVALID } from "@/lib/accounts/change-email";
import { ConfirmEmailChangeForm } from "./confirm-email-change-form";

export const metadata: Metadata = { title: "Confirm your new email address" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ConfirmEmailPage({ searchParams }: Props) {
  const token = (await searchParams).token;
  const live = typeof token === "string" && (await isAccountTokenLive("change_email", token));
  return (
    <Card titleAs="h1" title="Confirm your new email address" description="Your account will sign in with this address from now on.">
      {live ? (
        <ConfirmEmailChangeForm token={token} />
      ) : (
        <Alert tone="error">
          {EMAIL_CHANGE_LINK_INVALID} <Link href="/settings">Settings</Link>
        </Alert>
      )}
    </Card>
  );
}
