import { Text } from "@react-email/components";
import { formatMoney } from "@/lib/format/money";
import { defineTemplate } from "./define-template";
import { ActionLink, EmailLayout, paragraph } from "./layout";

export interface PaymentActionRequiredProps {
  tenantName: string;
  amountDue: number;
  currency: string;
  hostedInvoiceUrl: string;
}

function PaymentActionRequired(props: PaymentActionRequiredProps) {
  const amount = formatMoney(props.amountDue, props.currency);
  return (
    <EmailLayout preview={`Your bank asks you to confirm ${amount}`} title="Confirm your payment">
      <Text style={paragraph}>
        Your bank asks you to confirm the payment of {amount} for {props.tenantName} (3-D Secure). Nothing is charged
        until you do.
      </Text>
      <ActionLink href={props.hostedInvoiceUrl}>Confirm the payment</ActionLink>
    </EmailLayout>
  );
}

export const paymentActionRequired = defineTemplate<PaymentActionRequiredProps>({
  subject: (props) => `Action needed: confirm your payment of ${formatMoney(props.amountDue, props.currency)}`,
  component: PaymentActionRequired,
});
