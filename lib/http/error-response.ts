import "server-only";
import { APP_ERROR_STATUS, toPublicError } from "@/lib/errors";

/** `{ error: { code, message } }` with the status the code maps to; unknown errors become a logged 500. */
export function errorResponse(error: unknown, context?: Record<string, unknown>): Response {
  const publicError = toPublicError(error, context);
  return Response.json(
    { error: publicError },
    { status: APP_ERROR_STATUS[publicError.code], headers: { "Cache-Control": "no-store" } },
  );
}
