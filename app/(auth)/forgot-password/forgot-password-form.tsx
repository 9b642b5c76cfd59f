"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { requestPasswordResetAction } from "../account-actions";
import styles from "../auth.module.css";

export function ForgotPasswordForm() {
  const { onSubmit, error, data, pending, fieldErrors } = useFormAction(requestPasswordResetAction);
  return (
    <form className={styles.form} onSubmit={onSubmit} method="post" noValidate>
      {error && <Alert tone="error">{error.message}</Alert>}
      {data && <Alert tone="info">{data.notice}</Alert>}
      <Field name="email" label="Email" type="email" autoComplete="email" required errors={fieldErrors.email} />
      <Button type="submit" pending={pending} fullWidth>
        {pending ? "Sending…" : "Send the link"}
      </Button>
    </form>
  );
}
