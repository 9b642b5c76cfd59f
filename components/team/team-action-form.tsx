"use client";
import { useActionState, useMemo, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";
import type { FieldErrors } from "@/lib/errors";
import styles from "./team.module.css";

export type TeamFormAction = (previous: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

type Props = {
  action: TeamFormAction;
  /** Ids the action needs (the invite's or the membership's), sent as hidden fields. */
  hidden?: Record<string, string>;
  submitLabel: string;
  pendingLabel: string;
  doneMessage: string;
  /** Asked before a change that cannot be undone by the same person (removal, handing over ownership). */
  confirmText?: string;
  variant?: "primary" | "secondary" | "danger";
  testId?: string;
  /** Extra inputs (a server component can pass these). */
  children?: ReactNode;
  /** Extra inputs given the field errors of the last attempt (a client component only: a function cannot cross to the client). */
  fields?: (errors: FieldErrors) => ReactNode;
};

/** One team action as a form: its outcome is announced beside it, and a failed connection says so instead of a crash. */
export function TeamActionForm({ action, hidden = {}, submitLabel, pendingLabel, doneMessage, confirmText, variant = "secondary", testId, children, fields }: Props) {
  const safeAction = useMemo(
    () => async (previous: unknown, formData: FormData): Promise<ActionResult<unknown>> => {
      try {
        return await action(previous, formData);
      } catch {
        return { ok: false, error: { code: "internal", message: "We could not reach the server. Refresh the page to see the current state." } };
      }
    },
    [action],
  );
  const [state, formAction, pending] = useActionState(safeAction, null);
  const [confirming, setConfirming] = useState(false);
  const errors = state && !state.ok ? (state.error.fieldErrors ?? {}) : {};
  return (
    <form action={formAction} className={styles.inline} data-testid={testId} noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      {fields?.(errors)}
      {confirmText && !confirming ? (
        <Button variant={variant} onClick={() => setConfirming(true)}>
          {submitLabel}
        </Button>
      ) : null}
      {confirmText && confirming ? (
        <p className={styles.confirm} role="group" aria-label={submitLabel}>
          <span>{confirmText}</span>
          <Button type="submit" variant="danger" pending={pending}>
            {pending ? pendingLabel : `Yes, ${submitLabel.toLowerCase()}`}
          </Button>
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            Keep as is
          </Button>
        </p>
      ) : null}
      {!confirmText ? (
        <Button type="submit" variant={variant} pending={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      ) : null}
      {state && !pending ? (
        <p className={`${styles.message} ${state.ok ? styles.success : styles.error}`} role={state.ok ? "status" : "alert"}>
          {state.ok ? doneMessage : state.error.message}
        </p>
      ) : null}
    </form>
  );
}
