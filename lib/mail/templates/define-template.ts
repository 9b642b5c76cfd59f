import type { ReactElement } from "react";

/**
 * One email: its subject and its React Email component, both from the same props. Props are stored as JSON in the
 * outbox and rendered at send time, so they hold plain values (amounts in minor units, dates as ISO strings).
 */
export interface EmailTemplate<Props> {
  subject: (props: Props) => string;
  component: (props: Props) => ReactElement;
  /**
   * The props carry a secret (a one-time link): the outbox forgets them once the email is sent, and the admin
   * console cannot resend it (the user asks for a new link instead).
   */
  secret?: boolean;
}

export function defineTemplate<Props>(template: EmailTemplate<Props>): EmailTemplate<Props> {
  return template;
}
