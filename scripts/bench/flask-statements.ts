// The Flask target's share of "every target does the same database work": the app's statements for the bench's
// event types, written to a file the Flask handler prepares at start, and a check, before anything is measured,
// that the parameters it computes for sample events equal the app's builders' (scripts/bench/flask_webhook.py
// computes them in Python, as the guide's stack would).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type Stripe from "stripe";
import { benchStatementFor } from "./webhook-statements";

type FlaskStatement = { name: string; text: string; emailing: boolean };

/**
 * Writes `{ [event type]: statement }` for `events` to `file`. The Flask handler looks its statement up by type
 * alone, so every sample of a type must have the same text.
 */
export function writeFlaskStatements(file: string, events: Stripe.Event[]): void {
  const statements: Record<string, FlaskStatement> = {};
  for (const event of events) {
    const { name, text } = benchStatementFor(event);
    const known = statements[event.type];
    if (known && known.text !== text) throw new Error(`${event.type}: two statement texts in the bench's mix; the Flask handler keys them by type`);
    statements[event.type] = { name, text, emailing: text.includes('"PendingEmailDecision"') };
  }
  writeFileSync(file, JSON.stringify(statements));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A parameter as compared: a fresh row id is any UUID, and JSON text is compared as the value it encodes. */
function comparable(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (UUID.test(value)) return "<uuid>";
  if (value.startsWith("{") || value.startsWith("[")) {
    try {
      return { json: JSON.parse(value) as unknown };
    } catch {
      return value;
    }
  }
  return value;
}

/** Fails unless the Flask handler's parameters for `events` equal those of the app's builders, one by one. */
export function checkFlaskParameters(python: string, script: string, env: NodeJS.ProcessEnv, events: Stripe.Event[]): void {
  const run = spawnSync(python, [script, "--parameters"], { env, input: JSON.stringify(events), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`the Flask handler's parameters could not be computed: ${run.stderr.trim()}`);
  const flask = JSON.parse(run.stdout) as unknown[][];
  events.forEach((event, index) => {
    const app = benchStatementFor(event).values.map(comparable);
    const theirs = (flask[index] ?? []).map(comparable);
    if (isDeepStrictEqual(app, theirs)) return;
    const differs = app.findIndex((value, i) => !isDeepStrictEqual(value, theirs[i]));
    const first = differs === -1 ? Math.min(app.length, theirs.length) : differs;
    throw new Error(
      `${event.type} ${event.id}: the Flask handler's parameters differ from the app's at $${first + 1} ` +
        `(app ${JSON.stringify(app[first])}, Flask ${JSON.stringify(theirs[first])}; ${app.length} against ${theirs.length})`,
    );
  });
}
