import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { toBillingError } from "./stripe-errors";

const invalid = (message: string, code?: string) =>
  Stripe.errors.StripeError.generate({ type: "invalid_request_error", message, ...(code && { code }) } as Stripe.StripeRawError);

describe("expected Stripe refusals", () => {
  it("says there is no card on file, not that something went wrong", () => {
    const error = toBillingError(
      invalid("This customer has no attached payment source or default payment method. Please consider adding a default payment method.", "resource_missing"),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("conflict");
    expect((error as AppError).message).toMatch(/no card on file/);
  });

  it("says an invoice that is not open cannot be retried", () => {
    expect((toBillingError(invalid("You cannot pay this invoice because it is void.", "invoice_not_editable")) as AppError).message).toMatch(/not open/);
    expect((toBillingError(invalid("Invoice is already paid", "invoice_already_paid")) as AppError).message).toMatch(/already paid/);
  });

  it("keeps the card's own words for a decline, and a generic provider error for the unknown", () => {
    const declined = new Stripe.errors.StripeCardError({ type: "card_error", message: "Your card was declined.", code: "card_declined" });
    expect(toBillingError(declined)).toMatchObject({ code: "stripe_error", message: "Your card was declined." });
    expect(toBillingError(Stripe.errors.StripeError.generate({ type: "api_error", message: "boom" } as Stripe.StripeRawError))).toMatchObject({ code: "stripe_error" });
  });

  it("says an unanswered or failed request may or may not have gone through, and how to check", () => {
    const down = Stripe.errors.StripeError.generate({ type: "api_error", message: "boom" } as Stripe.StripeRawError);
    expect(toBillingError(down)).toMatchObject({ code: "stripe_error", message: expect.stringMatching(/cannot confirm.*Refresh/) });
    const cut = new Stripe.errors.StripeConnectionError({ message: "socket hang up" });
    expect(toBillingError(cut)).toMatchObject({ code: "stripe_error", message: expect.stringMatching(/cannot confirm/) });
  });
});
