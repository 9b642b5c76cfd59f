import type { WebhookEndpointStatus } from "@/lib/admin/get-webhook-endpoint-status";
import styles from "./admin.module.css";

const FIX = "npm run stripe:webhook-endpoint -- <public url>";

/** The configured Stripe endpoint against what the app handles: a visible warning whenever they differ. */
export function WebhookEndpointNotice({ status }: { status: WebhookEndpointStatus }) {
  if (status.state === "ok") {
    return (
      <p className={styles.small} data-testid="webhook-endpoint-ok">
        Stripe endpoint {status.endpointId} receives every handled event in the pinned API version.
      </p>
    );
  }
  const problems: string[] = [];
  if (status.state === "missing") problems.push(`No Stripe webhook endpoint is configured for ${status.url}.`);
  if (status.state === "unreachable") problems.push(`Could not read the webhook endpoints from Stripe: ${status.error}`);
  if (status.state === "drift") {
    const { check } = status;
    if (check.missing.length > 0) problems.push(`Endpoint ${status.endpointId} does not receive: ${check.missing.join(", ")}.`);
    if (check.apiVersion) problems.push(`Endpoint ${status.endpointId} renders events in API ${check.apiVersion}, not the pinned version.`);
    if (problems.length === 0) problems.push(`Endpoint ${status.endpointId} is disabled.`);
  }
  return (
    <div className={styles.warning} role="alert" data-testid="webhook-endpoint-warning">
      {problems.map((line) => (
        <p key={line}>{line}</p>
      ))}
      <p>
        Fix with <code>{FIX}</code>.
      </p>
    </div>
  );
}
