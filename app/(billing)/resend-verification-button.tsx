"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { resendVerificationAction } from "./settings/actions";

/** "Resend link" for an unconfirmed address: the banner on every billing page and Settings. */
export function ResendVerificationButton() {
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function resend() {
    setPending(true);
    try {
      const result = await resendVerificationAction({});
      if (!result.ok) setMessage(result.error.message);
      else setMessage(result.data.sent ? "We sent a new link. Check your inbox." : "Your address is confirmed already. Reload the page.");
    } catch {
      setMessage("We could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <span>
      <Button type="button" variant="secondary" pending={pending} onClick={() => void resend()}>
        {pending ? "Sending…" : "Resend link"}
      </Button>{" "}
      <span role="status">{message}</span>
    </span>
  );
}
