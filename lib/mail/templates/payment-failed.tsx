import { Link, Text } from "@react-email/components";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { absoluteUrl } from "../app-url";
import { defineTemplate } from "./define-template";
import { ActionLink, EmailLayout, paragraph } from "./layout";

export interface PaymentFailedProps {
  tenantName: string;
  amountDue: number;
  currency: string;
  /** Why, in plain words ("Your card has insufficient funds."). */
  reason: string;
  /** ISO time of Stripe's next automatic attempt; null: none is scheduled. */
  nextAttemptAt: string | null;
  hostedInvoiceUrl: string | null;
}

function PaymentFailed(props: PaymentFailedProps) {
  const amount = formatMoney(props.amountDue, props.currency);
  return (
    <EmailLayout preview={`We could not charge ${amount}`} title={`Your payment of ${amount} failed`}>
      <Text style={paragraph}>We tried to charge {amount} for {props.tenantName}, and it did not go through. {props.reason}</Text>
      <Text style={paragraph}>
        {props.nextAttemptAt
          ? `We will try again on ${formatDate(props.nextAttemptAt)}. Updating your card before then avoids an interruption.`
          : "No further attempt is scheduled: update your card to keep your subscription."}
      </Text>
      <ActionLink href={absoluteUrl("/billing")}>Update your card</ActionLink>
      {props.hostedInvoiceUrl ? (
        <Text style={paragraph}>
          Or pay the invoice directly: <Link href={props.hostedInvoiceUrl}>open the invoice</Link>.
        </Text>
      ) : null}
    </EmailLayout>
  );
}

export const paymentFailed = defineTemplate<PaymentFailedProps>({
  subject: (props) => `Payment failed: ${formatMoney(props.amountDue, props.currency)} for ${props.tenantName}`,
  component: PaymentFailed,
});
