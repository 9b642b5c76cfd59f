"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { AddressElement, Elements } from "@stripe/react-stripe-js";
import type { StripeAddressElementChangeEvent } from "@stripe/stripe-js";
import styles from "@/components/billing/billing.module.css";
import { loadStripeOnce } from "@/components/billing/load-stripe-once";
import { TaxIdField } from "@/components/billing/tax-id-field";
import type { BillingDetails } from "@/lib/billing/billing-details";
import { saveBillingDetailsAction } from "./actions";

type AddressValue = StripeAddressElementChangeEvent["value"];

/** Billing name and address (Stripe's Address Element) and a VAT/GST number, saved on the Stripe customer. */
export function BillingDetailsForm({ details, publicKey, requestId }: { details: BillingDetails; publicKey: string; requestId: string }) {
  const router = useRouter();
  const [value, setValue] = useState<AddressValue | null>(null);
  const [complete, setComplete] = useState(false);
  const [taxId, setTaxId] = useState(details.taxIds[0]?.value ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const a = details.address;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    if (!value || !complete) return setError("Complete the billing name and address.");
    setBusy(true);
    setError(null);
    try {
      const result = await saveBillingDetailsAction({
        requestId,
        name: value.name,
        address: { ...value.address, line2: value.address.line2 ?? null, state: value.address.state || null },
        taxId,
      });
      if (result.ok) {
        setSaved(true);
        router.refresh();
      } else setError(firstFieldError(result.error.fieldErrors) ?? result.error.message);
    } catch {
      setError("We could not reach the server. Nothing was changed; try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} data-testid="billing-details-form">
      <Elements stripe={loadStripeOnce(publicKey)}>
        <AddressElement
          options={{
            mode: "billing",
            defaultValues: {
              name: details.name ?? "",
              address: a ? { line1: a.line1 ?? "", line2: a.line2 ?? "", city: a.city ?? "", state: a.state ?? "", postal_code: a.postal_code ?? "", country: a.country ?? "US" } : undefined,
            },
          }}
          onChange={(event) => {
            setValue(event.value);
            setComplete(event.complete);
          }}
        />
      </Elements>
      <TaxIdField id="tax-id" label="VAT / GST number (optional, for businesses)" value={taxId} onChange={setTaxId} testId="tax-id-input" />
      {details.taxIds[0] && (
        <p className={styles.muted} data-testid="tax-id-status">
          {details.taxIds[0].value}: {details.taxIds[0].status ?? "not verified"}
        </p>
      )}
      {error && (
        <p className={styles.error} role="alert" data-testid="billing-details-error">
          {error}
        </p>
      )}
      {saved && !error && (
        <p className={styles.success} role="status" data-testid="billing-details-saved">
          Billing details saved.
        </p>
      )}
      <div className={styles.row} style={{ marginTop: 12 }}>
        <button type="submit" className={styles.button} disabled={busy}>
          {busy ? "Saving…" : "Save billing details"}
        </button>
      </div>
    </form>
  );
}

/**
 * The server's first reason, whichever field it is about: the name and address fields are inside Stripe's Element,
 * so there is no field of ours to highlight, and "check the highlighted fields" would point at nothing.
 */
function firstFieldError(fieldErrors: Record<string, string[]> | undefined): string | undefined {
  if (!fieldErrors) return undefined;
  return fieldErrors.taxId?.[0] ?? Object.values(fieldErrors).flat()[0];
}
