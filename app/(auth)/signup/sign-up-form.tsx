"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, NewPasswordField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import styles from "../auth.module.css";
import { signUpAction } from "./actions";

type Props = { minPasswordLength: number };

/**
 * Sign-up never signs in: a new address and a registered one get the same "check your inbox", and the
 * verification link in that inbox is what starts the new account's first session.
 */
export function SignUpForm({ minPasswordLength }: Props) {
  const { onSubmit, error, data, pending, fieldErrors } = useFormAction(signUpAction);
  return (
    // method="post" so a submit before hydration never puts the password in the URL.
    <form className={styles.form} onSubmit={onSubmit} method="post" noValidate>
      {error && <Alert tone="error">{error.message}</Alert>}
      {data && <Alert tone="info">{data.notice}</Alert>}
      <Field name="name" label="Your name" autoComplete="name" required errors={fieldErrors.name} />
      <Field name="tenantName" label="Organisation" autoComplete="organization" required errors={fieldErrors.tenantName} />
      <Field name="email" label="Email" type="email" autoComplete="email" required errors={fieldErrors.email} />
      <NewPasswordField minLength={minPasswordLength} errors={fieldErrors.password} />
      <Button type="submit" pending={pending} fullWidth>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
