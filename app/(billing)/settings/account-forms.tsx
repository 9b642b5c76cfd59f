"use client";

import { signIn } from "next-auth/react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import styles from "@/components/billing/billing.module.css";
import { changePasswordAction, requestEmailChangeAction } from "./actions";

/**
 * A new password ends every session, this one too; signing in again with it keeps this device signed in while
 * every other one is out.
 */
export function ChangePasswordForm({ minPasswordLength }: { minPasswordLength: number }) {
  const { onSubmit, error, data, pending, fieldErrors } = useFormAction(changePasswordAction, async ({ email }, form) => {
    await signIn("credentials", { email, password: String(form.get("newPassword") ?? ""), redirect: false });
  });
  return (
    <form className={styles.stack} onSubmit={onSubmit} method="post" noValidate>
      {error && <Alert tone="error">{error.message}</Alert>}
      {data && <Alert tone="success">Password changed. Every other device was signed out.</Alert>}
      <Field name="currentPassword" id="password-current" label="Current password" type="password" autoComplete="current-password" required errors={fieldErrors.currentPassword} />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minPasswordLength}
        hint={`At least ${minPasswordLength} characters.`}
        errors={fieldErrors.newPassword}
      />
      <Button type="submit" pending={pending}>
        {pending ? "Saving…" : "Change password"}
      </Button>
    </form>
  );
}

/** The change happens when the link sent to the new address is opened; until then nothing changes. */
export function ChangeEmailForm() {
  const { onSubmit, error, data, pending, fieldErrors } = useFormAction(requestEmailChangeAction);
  return (
    <form className={styles.stack} onSubmit={onSubmit} method="post" noValidate>
      {error && <Alert tone="error">{error.message}</Alert>}
      {data && <Alert tone="info">{data.notice}</Alert>}
      <Field name="newEmail" label="New email address" type="email" autoComplete="email" required errors={fieldErrors.newEmail} />
      <Field name="currentPassword" id="email-current-password" label="Current password" type="password" autoComplete="current-password" required errors={fieldErrors.currentPassword} />
      <Button type="submit" pending={pending} variant="secondary">
        {pending ? "Sending…" : "Change email"}
      </Button>
    </form>
  );
}
