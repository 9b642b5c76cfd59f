import type { EmailTemplate } from "./define-template";
import { confirmEmailChange, emailChanged, passwordChanged, passwordReset, signUpAttempt, verifyEmail } from "./account";
import { billingReceipt } from "./billing-receipt";
import { paymentActionRequired } from "./payment-action-required";
import { paymentFailed } from "./payment-failed";
import { planChanged } from "./plan-changed";
import { refundIssued } from "./refund-issued";
import { subscriptionEnding } from "./subscription-ending";
import { teamInvite } from "./team-invite";
import { trialEnding } from "./trial-ending";

// Every email the app sends, by name. To add one: a file in this folder exporting `defineTemplate(...)`, and one line
// here (one import, one entry). The name is stored with each outbox row, so never rename a name that was used.
export const TEMPLATES = {
  "billing-receipt": billingReceipt,
  "payment-action-required": paymentActionRequired,
  "payment-failed": paymentFailed,
  "plan-changed": planChanged,
  "refund-issued": refundIssued,
  "subscription-ending": subscriptionEnding,
  "team-invite": teamInvite,
  "trial-ending": trialEnding,
  "verify-email": verifyEmail,
  "sign-up-attempt": signUpAttempt,
  "password-reset": passwordReset,
  "password-changed": passwordChanged,
  "confirm-email-change": confirmEmailChange,
  "email-changed": emailChanged,
} satisfies Record<string, EmailTemplate<never>>;

export type TemplateName = keyof typeof TEMPLATES;
export type TemplateProps<Name extends TemplateName> = (typeof TEMPLATES)[Name] extends EmailTemplate<infer Props> ? Props : never;

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}
