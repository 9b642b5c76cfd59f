import "server-only";
import { randomUUID } from "node:crypto";
import { getLogger } from "@/lib/log";

export type AppErrorCode =
  | "unauthenticated"
  | "not_found"
  | "forbidden"
  | "invalid_input"
  | "conflict"
  | "rate_limited"
  | "stripe_error"
  | "internal";

export const APP_ERROR_STATUS: Record<AppErrorCode, number> = {
  unauthenticated: 401,
  not_found: 404,
  forbidden: 403,
  invalid_input: 400,
  conflict: 409,
  rate_limited: 429,
  stripe_error: 502,
  internal: 500,
};

const DEFAULT_MESSAGES: Record<AppErrorCode, string> = {
  unauthenticated: "Please sign in to continue.",
  not_found: "Not found.",
  forbidden: "You are not allowed to do that.",
  invalid_input: "Please check the highlighted fields.",
  conflict: "That conflicts with the current state. Refresh and try again.",
  rate_limited: "Too many attempts. Wait a few minutes and try again.",
  stripe_error: "The payment provider could not complete the request. Try again shortly.",
  internal: "Something went wrong on our side.",
};

export type FieldErrors = Record<string, string[]>;

/** An error whose message is safe to show to the user; anything else is reported as a generic 500. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: FieldErrors;

  constructor(code: AppErrorCode, message?: string, options?: { fieldErrors?: FieldErrors; cause?: unknown }) {
    super(message ?? DEFAULT_MESSAGES[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    if (options?.fieldErrors) this.fieldErrors = options.fieldErrors;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export type PublicError = { code: AppErrorCode; message: string; fieldErrors?: FieldErrors; errorId?: string };

/**
 * What the client may see of an error. Unknown errors are logged with a fresh id and become a generic
 * 500 carrying only that id, so support can find the log line without the client learning internals.
 */
export function toPublicError(error: unknown, context?: Record<string, unknown>): PublicError {
  if (isAppError(error)) {
    return error.fieldErrors
      ? { code: error.code, message: error.message, fieldErrors: error.fieldErrors }
      : { code: error.code, message: error.message };
  }
  const errorId = randomUUID();
  // Plain fields: the logger's redaction copies own enumerable properties, which an Error's message lacks.
  const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  getLogger().error({ err, errorId, ...context }, "unhandled error");
  return { code: "internal", message: `${DEFAULT_MESSAGES.internal} (error id ${errorId})`, errorId };
}
