"use client";

import { getSession, signIn } from "next-auth/react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { postSignInTarget } from "../post-sign-in-target";

/** Spends the link through next-auth's "email-link" provider: the address is confirmed and this browser signed in. */
export function ConfirmEmailButton({ token }: { token: string }) {
  const [failed, setFailed] = useState(false);
  const [pending, setPending] = useState(false);

  async function confirm() {
    setPending(true);
    setFailed(false);
    try {
      const result = await signIn("email-link", { token, redirect: false });
      if (!result?.ok || result.error) {
        setFailed(true);
        setPending(false);
        return;
      }
      window.location.assign(postSignInTarget(null, await getSession()));
    } catch {
      setFailed(true);
      setPending(false);
    }
  }

  return (
    <>
      {failed && <Alert tone="error">This link has expired or was used already. Sign in and send a new one from Settings.</Alert>}
      <Button type="button" pending={pending} fullWidth onClick={() => void confirm()}>
        {pending ? "Confirming…" : "Confirm my email address"}
      </Button>
    </>
  );
}
