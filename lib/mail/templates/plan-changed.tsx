import { Text } from "@react-email/components";
import { formatMoney } from "@/lib/format/money";
import { formatBillingCadence } from "@/lib/format/plan-interval";
import { absoluteUrl } from "../app-url";
import { defineTemplate } from "./define-template";
import { ActionLink, EmailLayout, paragraph } from "./layout";

export interface PlanChangedProps {
  tenantName: string;
  fromPlan: string | null;
  toPlan: string;
  /** The new plan's price per interval. */
  price: number;
  currency: string;
  interval: "month" | "year";
  /** What the change cost now (a prorated invoice); null: nothing now, the difference is settled on the next invoice. */
  amountCharged: number | null;
}

function PlanChanged(props: PlanChangedProps) {
  return (
    <EmailLayout preview={`You are now on ${props.toPlan}`} title={`Plan changed to ${props.toPlan}`}>
      <Text style={paragraph}>
        {props.tenantName} moved {props.fromPlan ? `from ${props.fromPlan} ` : ""}to {props.toPlan}:{" "}
        {formatMoney(props.price, props.currency)} {formatBillingCadence(props.interval)}.
      </Text>
      <Text style={paragraph}>
        {props.amountCharged !== null && props.amountCharged > 0
          ? `${formatMoney(props.amountCharged, props.currency)} was charged now for the rest of the current period.`
          : "Nothing is charged now; the difference is settled on your next invoice."}
      </Text>
      <ActionLink href={absoluteUrl("/billing")}>See your billing</ActionLink>
    </EmailLayout>
  );
}

export const planChanged = defineTemplate<PlanChangedProps>({
  subject: (props) => `Plan changed to ${props.toPlan}`,
  component: PlanChanged,
});
