// @access public — an invitation link: the token in it is the credential (lib/team/get-invite-for-token).
// A guest with no account creates one; an account holder signs in first; someone signed in as another address is
// told so (the action refuses them too). A used, revoked, expired or replaced link says which.
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { SignOutButton } from "@/components/ui/sign-out-button";
import { MIN_PASSWORD_LENGTH } from "@/lib/accounts/sign-up";
import { getCurrentSession } from "@/lib/auth/guards";
import { formatDate } from "@/lib/format/dates";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/format/role";
import { getInviteForToken, INVITE_LINK_PROBLEMS } from "@/lib/team/get-invite-for-token";
import styles from "../../auth.module.css";
import { JoinForm, NewAccountForm } from "./accept-invite-form";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const [invite, session] = await Promise.all([getInviteForToken(token), getCurrentSession()]);

  if (invite.status !== "valid") {
    return (
      <Card titleAs="h1" title="Invitation" footer={<p className={styles.switch}><Link href="/signin">Sign in</Link></p>}>
        <div data-testid="invite-problem">
          <Alert tone="error">{INVITE_LINK_PROBLEMS[invite.status]}</Alert>
        </div>
      </Card>
    );
  }

  const signInHref = `/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`;
  const description = (
    <>
      {invite.tenantName} invites <strong>{invite.email}</strong> as {ROLE_LABELS[invite.role].toLowerCase()} ({ROLE_DESCRIPTIONS[invite.role]}).
      The link works until {formatDate(invite.expiresAt)}.
    </>
  );

  let body;
  if (session && session.user.email !== invite.email) {
    body = (
      <div className={styles.form} data-testid="invite-wrong-account">
        <Alert tone="error">
          This invitation is for {invite.email}, but you are signed in as {session.user.email}. Sign out, then open the link again.
        </Alert>
        <SignOutButton>Sign out</SignOutButton>
      </div>
    );
  } else if (session) {
    body = <JoinForm token={token} tenantName={invite.tenantName} />;
  } else if (invite.accountExists) {
    body = (
      <p className={styles.switch} data-testid="invite-sign-in">
        You already have an account. <Link href={signInHref}>Sign in as {invite.email}</Link> to accept.
      </p>
    );
  } else {
    body = <NewAccountForm token={token} email={invite.email} minPasswordLength={MIN_PASSWORD_LENGTH} />;
  }

  return (
    <Card titleAs="h1" title={`Join ${invite.tenantName}`} description={description}>
      {body}
    </Card>
  );
}
