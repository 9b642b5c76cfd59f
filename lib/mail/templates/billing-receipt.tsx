import { Link, Text } from "@react-email/components";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { absoluteUrl } from "../app-url";
import { defineTemplate } from "./define-template";
import { EmailLayout, paragraph } from "./layout";

export interface BillingReceiptProps {
  tenantName: string;
  amountPaid: number;
  currency: string;
  planName: string | null;
  /** ISO dates of the billed period. */
  periodStart: string | null;
  periodEnd: string | null;
  invoiceNumber: string | null;
  hostedInvoiceUrl: string | null;
  invoicePdfUrl: string | null;
}

function BillingReceipt(props: BillingReceiptProps) {
  const amount = formatMoney(props.amountPaid, props.currency);
  return (
    <EmailLayout preview={`We received your payment of ${amount}`} title={`Payment received: ${amount}`}>
      <Text style={paragraph}>Thank you: {props.tenantName} paid {amount}{props.planName ? ` for the ${props.planName} plan` : ""}.</Text>
      {props.periodStart && props.periodEnd ? (
        <Text style={paragraph}>
          Period: {formatDate(props.periodStart)} to {formatDate(props.periodEnd)}.
        </Text>
      ) : null}
      {props.invoiceNumber ? <Text style={paragraph}>Invoice {props.invoiceNumber}.</Text> : null}
      {props.hostedInvoiceUrl ? (
        <Text style={paragraph}>
          <Link href={props.hostedInvoiceUrl}>View the invoice</Link>
          {props.invoicePdfUrl ? (
            <>
              {" · "}
              <Link href={props.invoicePdfUrl}>Download the PDF</Link>
            </>
          ) : null}
        </Text>
      ) : null}
      <Text style={paragraph}>
        Your invoices are also on your <Link href={absoluteUrl("/billing")}>billing page</Link>.
      </Text>
    </EmailLayout>
  );
}

export const billingReceipt = defineTemplate<BillingReceiptProps>({
  subject: (props) => `Receipt: ${formatMoney(props.amountPaid, props.currency)} paid${props.planName ? ` for ${props.planName}` : ""}`,
  component: BillingReceipt,
});
