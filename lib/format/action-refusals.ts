// What the proxy answers a refused server-action call with (lib/http/malformed-action.ts), in words a form can show.
// The answer is a 4xx text/plain body, which Next's action client throws as the error's message: so a form can tell
// "the server refused what was typed" (say so, and what to change) from "no answer at all" (a network failure).
// Client-safe: no imports.

export const ACTION_REFUSALS = {
  malformed:
    "Some of what you entered holds characters we cannot accept (such as a NUL byte or other control characters). Remove them and try again.",
  tooLarge: "What you entered is too long. Shorten it and try again.",
  crossOrigin: "This form was sent from another site. Reload this page and try again.",
} as const;

const MESSAGES: ReadonlySet<string> = new Set(Object.values(ACTION_REFUSALS));

/** The proxy's refusal in words when a server action call threw because of one, else null (no answer, a 5xx…). */
export function actionRefusalMessage(error: unknown): string | null {
  return error instanceof Error && MESSAGES.has(error.message) ? error.message : null;
}
