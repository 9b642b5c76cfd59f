// Test cards and test payment method tokens (spec §3) and what each does when charged or authenticated.

export interface Decline {
  code: string;
  decline_code?: string;
  message: string;
}

export interface CardBehavior {
  brand: string;
  funding: string;
  /** Fails when attached or set up (validation), as well as when charged. */
  declineOnAttach?: Decline;
  /** Every charge fails (4000000000000341 attaches fine). */
  chargeDecline?: Decline;
  /** `on_session`: only customer-present payments; `always`: every payment. */
  threeDS?: "on_session" | "always";
  /** After a passed 3DS challenge the charge still declines. */
  declineAfter3ds?: Decline;
}

const DECLINED: Decline = { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." };
const INSUFFICIENT: Decline = { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." };

export const AUTHENTICATION_REQUIRED: Decline = {
  code: "authentication_required",
  decline_code: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

const SPECIAL: Record<string, Partial<CardBehavior>> = {
  "4000000000000002": { declineOnAttach: DECLINED },
  "4000000000009995": { declineOnAttach: INSUFFICIENT },
  "4000000000009987": { declineOnAttach: { code: "card_declined", decline_code: "lost_card", message: "Your card was declined." } },
  "4000000000009979": { declineOnAttach: { code: "card_declined", decline_code: "stolen_card", message: "Your card was declined." } },
  "4000000000000069": { declineOnAttach: { code: "expired_card", decline_code: "expired_card", message: "Your card has expired." } },
  "4000000000000127": { declineOnAttach: { code: "incorrect_cvc", decline_code: "incorrect_cvc", message: "Your card's security code is incorrect." } },
  "4000000000000119": {
    declineOnAttach: { code: "processing_error", decline_code: "processing_error", message: "An error occurred while processing your card. Try again in a little bit." },
  },
  "4000000000000341": { chargeDecline: DECLINED },
  "4000002500003155": { threeDS: "on_session" },
  "4000002760003184": { threeDS: "always" },
  "4000008260003178": { threeDS: "always", declineAfter3ds: INSUFFICIENT },
  "4000056655665556": { funding: "debit" },
};

/** stripe-node/test-mode payment method ids usable anywhere a pm_ id is accepted. */
export const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_visa_debit: "4000056655665556",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_discover: "6011111111111117",
  pm_card_visa_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeDeclinedLostCard: "4000000000009987",
  pm_card_chargeDeclinedStolenCard: "4000000000009979",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_chargeDeclinedIncorrectCvc: "4000000000000127",
  pm_card_chargeDeclinedProcessingError: "4000000000000119",
  pm_card_chargeCustomerFail: "4000000000000341",
  pm_card_authenticationRequiredOnSetup: "4000002500003155",
  pm_card_authenticationRequired: "4000002760003184",
  pm_card_threeDSecure2Required: "4000002760003184",
  pm_card_authenticationRequiredChargeDeclinedInsufficientFunds: "4000008260003178",
};

export const TEST_TOKENS: Record<string, string> = {
  tok_visa: "4242424242424242",
  tok_mastercard: "5555555555554444",
  tok_amex: "378282246310005",
  tok_chargeDeclined: "4000000000000002",
  tok_chargeDeclinedInsufficientFunds: "4000000000009995",
  tok_chargeCustomerFail: "4000000000000341",
};

export function brandOf(number: string): string {
  if (/^4/.test(number)) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "mastercard";
  if (/^3[47]/.test(number)) return "amex";
  if (/^6(011|5)/.test(number)) return "discover";
  if (/^35/.test(number)) return "jcb";
  if (/^3(0|6|8)/.test(number)) return "diners";
  return "unknown";
}

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBehavior(number: string): CardBehavior {
  return { brand: brandOf(number), funding: "credit", ...SPECIAL[number] };
}
