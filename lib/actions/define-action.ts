import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { AppError, toPublicError } from "@/lib/errors";
import type { ActionResult } from "./action-result";

export type ActionInput<S extends z.ZodType> = z.input<S> | FormData;

/**
 * Turns FormData from a `<form action>` into a plain object for zod. Repeated names become arrays;
 * Next's own `$ACTION_*` fields are dropped.
 */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = formData.getAll(key).map((value) => (typeof value === "string" ? value : value.name));
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

function validationError(error: z.ZodError): AppError {
  const flattened = z.flattenError(error);
  const fieldErrors: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(flattened.fieldErrors as Record<string, string[] | undefined>)) {
    if (messages && messages.length > 0) fieldErrors[key] = messages;
  }
  const message = flattened.formErrors[0] ?? "Please check the highlighted fields.";
  return new AppError("invalid_input", message, { fieldErrors });
}

/**
 * The common core of userAction/tenantAction/adminAction: authorise first (so a guest learns nothing
 * from validation messages), then parse, then run. Errors come back as values, never as throws —
 * except Next's own redirect/notFound signals, which must propagate.
 */
export function defineAction<C, S extends z.ZodType, R>(
  authorize: (rawInput: unknown) => Promise<C>,
  schema: S,
  run: (input: z.output<S>, context: C) => Promise<R>,
  name?: string,
): (input: ActionInput<S>) => Promise<ActionResult<R>> {
  return async (input) => {
    try {
      const raw = input instanceof FormData ? formDataToObject(input) : (input as unknown);
      const context = await authorize(raw);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error);
      return { ok: true, data: await run(parsed.data, context) };
    } catch (error) {
      unstable_rethrow(error);
      const { errorId: _errorId, ...publicError } = toPublicError(error, { action: name });
      return { ok: false, error: publicError };
    }
  };
}
