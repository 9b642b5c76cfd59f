import type { EmailTemplate } from "./define-template";
import { billingReceipt } from "./billing-receipt";

// Every email the app sends, by name. To add one: a file in this folder exporting `defineTemplate(...)`, and one line
// here (one import, one entry). The name is stored with each outbox row, so never rename a name that was used.
export const TEMPLATES = {
  "billing-receipt": billingReceipt,
} satisfies Record<string, EmailTemplate<never>>;

export type TemplateName = keyof typeof TEMPLATES;
export type TemplateProps<Name extends TemplateName> = (typeof TEMPLATES)[Name] extends EmailTemplate<infer Props> ? Props : never;

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}
