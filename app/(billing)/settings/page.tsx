// GET /settings — the signed-in user's account: email address (confirmed or not), change email, change password.
import type { Metadata } from "next";
import styles from "@/components/billing/billing.module.css";
import { isEmailVerified } from "@/lib/accounts/email-verification";
import { MIN_PASSWORD_LENGTH } from "@/lib/accounts/password-policy";
import { requireUser } from "@/lib/auth/guards";
import { ChangeEmailForm, ChangePasswordForm } from "./account-forms";
import { ResendVerificationButton } from "../resend-verification-button";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { user } = await requireUser();
  const verified = await isEmailVerified(user.id);
  return (
    <>
      <h1 className={styles.pageTitle}>Settings</h1>
      <p className={styles.lead}>Your sign-in email and password.</p>
      <div className={styles.grid2}>
        <section className={styles.card} aria-labelledby="email-heading">
          <h2 id="email-heading" className={styles.cardTitle}>
            Email address
          </h2>
          <p data-testid="account-email">
            {user.email} {verified ? "(confirmed)" : "(not confirmed yet)"}
          </p>
          {!verified && <ResendVerificationButton />}
          <ChangeEmailForm />
        </section>
        <section className={styles.card} aria-labelledby="password-heading">
          <h2 id="password-heading" className={styles.cardTitle}>
            Password
          </h2>
          <ChangePasswordForm minPasswordLength={MIN_PASSWORD_LENGTH} />
        </section>
      </div>
    </>
  );
}
