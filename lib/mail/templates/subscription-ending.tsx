import { Text } from "@react-email/components";
import { formatDate } from "@/lib/format/dates";
import { absoluteUrl } from "../app-url";
import { defineTemplate } from "./define-template";
import { ActionLink, EmailLayout, paragraph } from "./layout";

export interface SubscriptionEndingProps {
  tenantName: string;
  planName: string | null;
  /** ISO time access ends; null: it has already ended. */
  endsAt: string | null;
}

function SubscriptionEnding(props: SubscriptionEndingProps) {
  const plan = props.planName ? `the ${props.planName} plan` : "your subscription";
  return (
    <EmailLayout
      preview={props.endsAt ? `Your subscription ends on ${formatDate(props.endsAt)}` : "Your subscription has ended"}
      title={props.endsAt ? "Your subscription is cancelled" : "Your subscription has ended"}
    >
      <Text style={paragraph}>
        {props.endsAt
          ? `${props.tenantName} keeps ${plan} until ${formatDate(props.endsAt)}; nothing more will be charged.`
          : `${props.tenantName} no longer has ${plan}; nothing more will be charged.`}
      </Text>
      <ActionLink href={absoluteUrl(props.endsAt ? "/billing" : "/pricing")}>
        {props.endsAt ? "Changed your mind? Resume it" : "Choose a plan"}
      </ActionLink>
    </EmailLayout>
  );
}

export const subscriptionEnding = defineTemplate<SubscriptionEndingProps>({
  subject: (props) => (props.endsAt ? `Your subscription ends on ${formatDate(props.endsAt)}` : "Your subscription has ended"),
  component: SubscriptionEnding,
});
