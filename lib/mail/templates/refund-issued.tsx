import { Text } from "@react-email/components";
import { formatMoney } from "@/lib/format/money";
import { defineTemplate } from "./define-template";
import { EmailLayout, paragraph } from "./layout";

export interface RefundIssuedProps {
  tenantName: string;
  amountRefunded: number;
  currency: string;
  /** The payment's own amount, for context. */
  paymentAmount: number;
}

function RefundIssued(props: RefundIssuedProps) {
  const amount = formatMoney(props.amountRefunded, props.currency);
  return (
    <EmailLayout preview={`We refunded ${amount}`} title={`Refund issued: ${amount}`}>
      <Text style={paragraph}>
        We refunded {amount} of a {formatMoney(props.paymentAmount, props.currency)} payment by {props.tenantName}. It
        reaches the card in 5–10 business days, depending on the bank.
      </Text>
    </EmailLayout>
  );
}

export const refundIssued = defineTemplate<RefundIssuedProps>({
  subject: (props) => `Refund issued: ${formatMoney(props.amountRefunded, props.currency)}`,
  component: RefundIssued,
});
