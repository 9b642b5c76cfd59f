"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { resetPasswordAction } from "../account-actions";
import styles from "../auth.module.css";

export function ResetPasswordForm({ token, minPasswordLength }: { token: string; minPasswordLength: number }) {
  const { onSubmit, error, data, pending, fieldErrors } = useFormAction(resetPasswordAction);
  if (data) {
    return (
      <Alert tone="success">
        Your password was changed and every device was signed out. <Link href="/signin">Sign in</Link> with the new password.
      </Alert>
    );
  }
  return (
    <form className={styles.form} onSubmit={onSubmit} method="post" noValidate>
      {error && <Alert tone="error">{error.message}</Alert>}
      <input type="hidden" name="token" value={token} />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={minPasswordLength}
        hint={`At least ${minPasswordLength} characters.`}
        errors={fieldErrors.password}
      />
      <Button type="submit" pending={pending} fullWidth>
        {pending ? "Saving…" : "Set the new password"}
      </Button>
    </form>
  );
}
