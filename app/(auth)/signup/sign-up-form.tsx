"use client";

import { getSession, signIn } from "next-auth/react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, NewPasswordField } from "@/components/ui/field";
import type { ActionError } from "@/lib/actions/action-result";
import { actionRefusalMessage } from "@/lib/http/action-refusals";
import styles from "../auth.module.css";
import { postSignInTarget } from "../post-sign-in-target";
import { signUpAction } from "./actions";

type Props = { callbackUrl: string | null; minPasswordLength: number };

export function SignUpForm({ callbackUrl, minPasswordLength }: Props) {
  const [error, setError] = useState<ActionError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const signInHref = callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    setNotice(null);
    try {
      const result = await signUpAction(form);
      if (!result.ok) {
        setError(result.error);
        setPending(false);
        return;
      }
      const signedIn = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!signedIn?.ok || signedIn.error) {
        // A taken email (with another password) or a refused sign-in: the same neutral words as the server's.
        setNotice(result.data.notice);
        setPending(false);
        return;
      }
      window.location.assign(postSignInTarget(callbackUrl, await getSession()));
    } catch (thrown) {
      // The proxy refuses hostile input (a NUL byte, an oversized field) before the action runs: say what to fix.
      const refused = actionRefusalMessage(thrown);
      setError(
        refused
          ? { code: "invalid_input", message: refused }
          : { code: "internal", message: "We could not reach the server. Check your connection and try again." },
      );
      setPending(false);
    }
  }

  const fieldErrors = error?.fieldErrors ?? {};
  return (
    // method="post" so a submit before hydration never puts the password in the URL.
    <form className={styles.form} onSubmit={onSubmit} method="post" noValidate>
      {error && <Alert tone="error">{error.message}</Alert>}
      {notice && (
        <Alert tone="info">
          {notice} <Link href={signInHref}>Sign in</Link>
        </Alert>
      )}
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
