"use client";
import { createContext, useContext, useState, type Dispatch, type ReactNode, type SetStateAction } from "react";
import styles from "@/components/billing/billing.module.css";
import { TaxLine, TaxNeedsAddressLine } from "@/components/billing/tax-line";
import { formatMoney } from "@/lib/format/money";
import type { CheckoutQuote } from "@/lib/billing/quote-checkout";

type ShownQuote = Pick<CheckoutQuote, "tax" | "needsAddress" | "total">;
type QuoteState = { quote: ShownQuote; pending: boolean };

type QuoteContextValue = {
  state: QuoteState;
  setState: Dispatch<SetStateAction<QuoteState>>;
  /** The server's quote for the page (the address on file, or none): what an incomplete typed address falls back to. */
  serverQuote: ShownQuote;
  /** Changes whenever the server's quote does, so the form asks again for the address being typed. */
  serverKey: string;
};

const QuoteContext = createContext<QuoteContextValue | null>(null);

/**
 * The order summary and the card form share one quote: the form replaces it as the address is typed, the summary
 * shows it, and Subscribe sends back the total shown. Starts from the server's quote for the page.
 */
export function CheckoutQuoteProvider({ initial, children }: { initial: ShownQuote; children: ReactNode }) {
  const [state, setState] = useState<QuoteState>({ quote: initial, pending: false });
  // A new server quote (a promotion code applied, a refresh after a refused total) replaces the shown one; with an
  // address being typed, the form then asks again for that address.
  const serverKey = JSON.stringify(initial);
  const [seenKey, setSeenKey] = useState(serverKey);
  if (seenKey !== serverKey) {
    setSeenKey(serverKey);
    setState({ quote: initial, pending: false });
  }
  return <QuoteContext.Provider value={{ state, setState, serverQuote: initial, serverKey }}>{children}</QuoteContext.Provider>;
}

export function useCheckoutQuote() {
  const context = useContext(QuoteContext);
  if (!context) throw new Error("useCheckoutQuote needs a CheckoutQuoteProvider");
  return context;
}

/** The summary's tax row and "Due today", from the shared quote. */
export function QuoteLines({ currency, collectsAddress }: { currency: string; collectsAddress: boolean }) {
  const { quote, pending } = useCheckoutQuote().state;
  return (
    <>
      {pending ? (
        // The tax for the address just typed is being asked: no figure from an earlier address is left standing.
        <div className={styles.summary} data-testid="tax-pending">
          <span>Tax</span>
          <span className={styles.muted}>Updating…</span>
        </div>
      ) : (
        <>
          <TaxLine tax={quote.tax} currency={currency} />
          {quote.needsAddress && <TaxNeedsAddressLine billingDetailsHref={collectsAddress ? undefined : "/billing#billing-details"} />}
        </>
      )}
      <div className={`${styles.summary} ${styles.summaryTotal}`} aria-busy={pending}>
        <span>Due today</span>
        <span data-testid="due-today" data-amount={quote.total} data-pending={pending}>
          {pending ? "Updating…" : formatMoney(quote.total, currency)}
        </span>
      </div>
    </>
  );
}
