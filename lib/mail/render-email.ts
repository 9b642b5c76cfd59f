import "server-only";
import { createElement } from "react";
import { render, toPlainText } from "@react-email/render";
import type { EmailTemplate } from "./templates/define-template";
import { TEMPLATES, type TemplateName, type TemplateProps } from "./templates";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** An email as it goes out: the HTML part and a plain-text part made from the same markup. */
export async function renderEmail<Name extends TemplateName>(template: Name, props: TemplateProps<Name>): Promise<RenderedEmail> {
  // Indexing the registry by a generic name loses the name–props pairing TypeScript checked at the call site.
  const definition = TEMPLATES[template] as unknown as EmailTemplate<Record<string, unknown>>;
  const values = props as Record<string, unknown>;
  const html = await render(createElement(definition.component, values));
  return { subject: definition.subject(values), html, text: toPlainText(html) };
}
