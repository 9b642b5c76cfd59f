"use client";

import { getSession, signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import styles from "../auth.module.css";
import { postSignInTarget } from "../post-sign-in-target";

// The one message for every failure (unknown email, wrong password, rate limit), so the form never
// tells an attacker which emails exist. Kept in step with GENERIC_SIGN_IN_ERROR on the server.
const GENERIC_ERROR = "Invalid email or password.";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string | null; initialError: boolean }) {
  const [error, setError] = useState<string | null>(initialError ? GENERIC_ERROR : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error || !result.ok) {
        setError(GENERIC_ERROR);
        setPending(false);
        return;
      }
      // A full navigation, so every server component renders with the new session cookie.
      window.location.assign(postSignInTarget(callbackUrl, await getSession()));
    } catch {
      setError("We could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    // method/action matter only before hydration: a POST to next-auth (refused for lack of a CSRF token,
    // landing back here with the generic error) instead of a GET that would put the password in the URL.
    <form className={styles.form} onSubmit={onSubmit} method="post" action="/api/auth/callback/credentials" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      <Field name="email" label="Email" type="email" autoComplete="email" required autoFocus />
      <Field name="password" label="Password" type="password" autoComplete="current-password" required />
      <Button type="submit" pending={pending} fullWidth>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
