// Shared by server actions and the client leaves that call them; type-only imports keep it client-safe.
import type { AppErrorCode, FieldErrors } from "@/lib/errors";

export type ActionError = { code: AppErrorCode; message: string; fieldErrors?: FieldErrors };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
