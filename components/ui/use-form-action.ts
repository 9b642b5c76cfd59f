"use client";

import { useState, type FormEvent } from "react";
import type { ActionError, ActionResult } from "@/lib/actions/action-result";
import { actionRefusalMessage } from "@/lib/format/action-refusals";

const UNREACHABLE: ActionError = { code: "internal", message: "We could not reach the server. Check your connection and try again." };

/**
 * The state of a form posting to a server action: pending while it runs, the action's error (with field errors)
 * or its data, and `onSuccess` to go on from there (sign in again, redirect).
 */
export function useFormAction<T>(action: (form: FormData) => Promise<ActionResult<T>>, onSuccess?: (data: T, form: FormData) => Promise<void> | void) {
  const [error, setError] = useState<ActionError | null>(null);
  const [data, setData] = useState<T | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setPending(true);
    setError(null);
    setData(null);
    try {
      const result = await action(form);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      // The outcome shows once the follow-up is done (a sign-in in flight must not be cut by a navigation).
      await onSuccess?.(result.data, form);
      formElement.reset();
      setData(result.data);
    } catch (thrown) {
      // The proxy refuses hostile input (a NUL byte, an oversized field) before the action runs: say what to fix.
      const refused = actionRefusalMessage(thrown);
      setError(refused ? { code: "invalid_input", message: refused } : UNREACHABLE);
    } finally {
      setPending(false);
    }
  }

  return { onSubmit, error, data, pending, fieldErrors: error?.fieldErrors ?? {} };
}
