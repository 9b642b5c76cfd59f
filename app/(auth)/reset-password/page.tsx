// @access public — opens an emailed reset link (30 minutes, single use) to choose a new password.
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { isAccountTokenLive } from "@/lib/accounts/account-tokens";
import { MIN_PASSWORD_LENGTH } from "@/lib/accounts/password-policy";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ResetPasswordPage({ searchParams }: Props) {
  const token = (await searchParams).token;
  const live = typeof token === "string" && (await isAccountTokenLive("reset_password", token));
  return (
    <Card titleAs="h1" title="Choose a new password" description="Every device signed in to your account will be signed out.">
      {live ? (
        <ResetPasswordForm token={token} minPasswordLength={MIN_PASSWORD_LENGTH} />
      ) : (
        <Alert tone="error">
          This link has expired or was used already. <Link href="/forgot-password">Ask for a new one</Link>.
        </Alert>
      )}
    </Card>
  );
}
