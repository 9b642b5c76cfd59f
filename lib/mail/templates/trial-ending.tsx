import { Text } from "@react-email/components";
import { formatDate } from "@/lib/format/dates";
import { absoluteUrl } from "../app-url";
import { defineTemplate } from "./define-template";
import { ActionLink, EmailLayout, paragraph } from "./layout";

export interface TrialEndingProps {
  tenantName: string;
  planName: string | null;
  /** ISO time the trial ends. */
  trialEnd: string;
}

function TrialEnding(props: TrialEndingProps) {
  return (
    <EmailLayout preview={`Your trial ends on ${formatDate(props.trialEnd)}`} title="Your trial ends soon">
      <Text style={paragraph}>
        The trial{props.planName ? ` of the ${props.planName} plan` : ""} for {props.tenantName} ends on{" "}
        {formatDate(props.trialEnd)}. After that, the card on file is charged for the first period.
      </Text>
      <ActionLink href={absoluteUrl("/billing")}>Review your plan and card</ActionLink>
    </EmailLayout>
  );
}

export const trialEnding = defineTemplate<TrialEndingProps>({
  subject: (props) => `Your trial ends on ${formatDate(props.trialEnd)}`,
  component: TrialEnding,
});
