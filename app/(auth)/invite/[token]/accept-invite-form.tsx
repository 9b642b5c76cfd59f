"use client";

import { getCsrfToken, signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, NewPasswordField } from "@/components/ui/field";
import type { ActionError } from "@/lib/actions/action-result";
import styles from "../../auth.module.css";
import { acceptAsUserAction, acceptWithNewAccountAction } from "./actions";

const UNREACHABLE: ActionError = { code: "internal", message: "We could not reach the server. Check your connection and try again." };

/** A guest creates the invited account (name and password), is signed in with it and lands on billing. */
export function NewAccountForm({ token, email, minPasswordLength }: { token: string; email: string; minPasswordLength: number }) {
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await acceptWithNewAccountAction(form);
      if (!result.ok) {
        setError(result.error);
        setPending(false);
        return;
      }
      const signedIn = await signIn("credentials", { email: result.data.email, password: String(form.get("password") ?? ""), redirect: false });
      window.location.assign(signedIn?.ok && !signedIn.error ? "/billing" : "/signin");
    } catch {
      setError(UNREACHABLE);
      setPending(false);
    }
  }

  const fieldErrors = error?.fieldErrors ?? {};
  return (
    <form className={styles.form} onSubmit={onSubmit} method="post" noValidate>
      {error && <Alert tone="error">{error.message}</Alert>}
      <input type="hidden" name="token" value={token} />
      <Field name="email" label="Email" type="email" value={email} readOnly autoComplete="username" hint="The invited address; it signs you in." />
      <Field name="name" label="Your name" autoComplete="name" required errors={fieldErrors.name} />
      <NewPasswordField minLength={minPasswordLength} errors={fieldErrors.password} />
      <Button type="submit" pending={pending} fullWidth>
        {pending ? "Joining…" : "Create account and join"}
      </Button>
    </form>
  );
}

/**
 * What next-auth's `update()` posts, without its SessionProvider (the app has none): the jwt callback re-reads the
 * membership and only then puts the tenant in the cookie.
 */
async function switchSessionTenant(tenantId: string): Promise<void> {
  const csrfToken = await getCsrfToken();
  await fetch("/api/auth/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ csrfToken, data: { tenantId } }),
  });
}

/** Someone signed in as the invited address joins with one click. */
export function JoinForm({ token, tenantName }: { token: string; tenantName: string }) {
  const router = useRouter();
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await acceptAsUserAction({ token });
      if (!result.ok) {
        setError(result.error);
        setPending(false);
        return;
      }
      // The session switches to the team just joined (the server checks the membership before it does).
      await switchSessionTenant(result.data.tenantId);
      router.push("/billing");
    } catch {
      setError(UNREACHABLE);
      setPending(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} method="post">
      {error && <Alert tone="error">{error.message}</Alert>}
      <Button type="submit" pending={pending} fullWidth>
        {pending ? "Joining…" : `Join ${tenantName}`}
      </Button>
    </form>
  );
}
