"use client";
// Where the tenant's billing emails go, and whether the optional ones are sent.
import { useActionState } from "react";
import styles from "@/components/billing/billing.module.css";
import { billingEmailSettingsFormAction } from "./actions";

export function BillingEmailsForm({
  settings,
  ownerEmail,
}: {
  settings: { billingEmail: string | null; copyBillingAdmins: boolean; optionalBillingEmails: boolean };
  ownerEmail: string | null;
}) {
  const [state, formAction, pending] = useActionState(billingEmailSettingsFormAction, null);
  const fieldError = state && !state.ok ? state.error.fieldErrors?.billingEmail?.[0] : undefined;
  return (
    <form action={formAction} className={styles.stack} data-testid="billing-emails-form">
      <div className={styles.field}>
      <label htmlFor="billing-email">Send billing emails to</label>
      <input
        id="billing-email"
        name="billingEmail"
        type="email"
        className={styles.input}
        defaultValue={settings.billingEmail ?? ""}
        placeholder={ownerEmail ?? "the owner's address"}
        aria-describedby="billing-email-hint"
        aria-invalid={fieldError ? true : undefined}
      />
      <p id="billing-email-hint" className={`${styles.small} ${styles.muted}`}>
        Empty: the owner{ownerEmail ? ` (${ownerEmail})` : ""}.
      </p>
      </div>
      <label className={styles.checkbox}>
        <input type="checkbox" name="copyBillingAdmins" defaultChecked={settings.copyBillingAdmins} /> Copy billing admins
      </label>
      <label className={styles.checkbox}>
        <input type="checkbox" name="optionalBillingEmails" defaultChecked={settings.optionalBillingEmails} /> Receipts, refunds and
        plan-change notices (payment problems and cancellations are always sent)
      </label>
      <div className={styles.row}>
      <button type="submit" className={styles.buttonSecondary} disabled={pending}>
        {pending ? "Saving…" : "Save email settings"}
      </button>
      {state && (state.ok ? (
        <p className={styles.success} role="status" data-testid="billing-emails-saved">Saved.</p>
      ) : (
        <p className={styles.error} role="alert">
          {fieldError ?? state.error.message}
        </p>
      ))}
      </div>
    </form>
  );
}
