// Shared by server actions and the client leaves that call them; type-only imports keep it client-safe.
import type { AppErrorCode, FieldErrors } from "@/lib/errors";

export type ActionError = { code: AppErrorCode; message: string; fieldErrors?: FieldErrors };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

/**
 * What to tell the person about a refusal: the first field's reason when the fields are not ours to highlight
 * (Stripe's Elements), else the message.
 */
export function firstErrorMessage(error: ActionError): string {
  return Object.values(error.fieldErrors ?? {}).flat()[0] ?? error.message;
}
