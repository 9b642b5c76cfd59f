// Stripe's error envelope (spec §6) and the status codes the SDK maps to its error classes.

export interface StripeErrorBody {
  type: "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  setup_intent?: unknown;
  payment_method?: unknown;
}

export class StripeLocalError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

const docUrl = (code: string) => `https://docs.stripe.com/error-codes/${code.replace(/_/g, "-")}`;

export function invalidRequest(message: string, opts: { code?: string; param?: string; status?: number } = {}) {
  const body: StripeErrorBody = { type: "invalid_request_error", message };
  if (opts.code) {
    body.code = opts.code;
    body.doc_url = docUrl(opts.code);
  }
  if (opts.param) body.param = opts.param;
  return new StripeLocalError(opts.status ?? 400, body);
}

export const parameterMissing = (param: string) =>
  invalidRequest(`Missing required param: ${param}.`, { code: "parameter_missing", param });

export const parameterUnknown = (param: string) =>
  invalidRequest(
    `Received unknown parameter: ${param}`,
    { code: "parameter_unknown", param },
  );

export const parameterInvalid = (param: string, message: string, code = "parameter_invalid_string") =>
  invalidRequest(message, { code, param });

/** "No such customer: 'cus_x'" with the param that named it. */
export const resourceMissing = (noun: string, id: string, param = "id") =>
  invalidRequest(`No such ${noun}: '${id}'`, { code: "resource_missing", param, status: 404 });

export const authenticationError = (message: string) =>
  new StripeLocalError(401, { type: "invalid_request_error", message });

export const idempotencyMismatch = (key: string) =>
  new StripeLocalError(400, {
    type: "idempotency_error",
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  });

export const idempotencyInUse = (key: string) =>
  new StripeLocalError(409, {
    type: "invalid_request_error",
    code: "idempotency_key_in_use",
    message: `There is currently another in-progress request using this Idempotent Key (${key}). Please try again later.`,
  });

export const apiError = (message: string) => new StripeLocalError(500, { type: "api_error", message });

/** Whether a failed response must not be saved under its idempotency key (validation failures, spec §5). */
export function isValidationFailure(status: number, body: StripeErrorBody): boolean {
  if (status === 409 || status === 401) return true;
  return status === 400 && body.type === "invalid_request_error" && (body.code ?? "").startsWith("parameter_");
}
