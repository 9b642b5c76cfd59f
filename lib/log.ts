import "server-only";
import pino from "pino";
import { getEnv } from "@/lib/env";

// Card-like digit runs (13–19 digits, spaces or dashes allowed) and secrets are masked in every line.
const CARD_LIKE = /\b(?:\d[ -]?){12,18}\d\b/g;
const SECRET_LIKE =
  /\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9]+|whsec_[A-Za-z0-9+/=_]+|(?:pi|seti)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+|postgres(?:ql)?:\/\/[^\s"']+/g;

export function redactText(text: string): string {
  return text.replace(SECRET_LIKE, "[redacted]").replace(CARD_LIKE, "[redacted-card]");
}

/** Deep copy with secret-looking strings and sensitive keys masked. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 12) return "[depth]";
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SENSITIVE_KEYS.has(key) ? "[redacted]" : redactValue(inner, depth + 1);
    }
    return out;
  }
  return value;
}

const SENSITIVE_KEYS = new Set([
  "client_secret",
  "password",
  "passwordHash",
  "secret",
  "number",
  "cvc",
  "authorization",
  "cookie",
  "stripe-signature",
]);

let logger: pino.Logger | undefined;

export function getLogger(): pino.Logger {
  logger ??= pino(
    {
      level: getEnv().LOG_LEVEL,
      base: undefined,
      redact: {
        paths: ["password", "*.password", "secret", "*.secret", "client_secret", "*.client_secret", "headers.authorization", "headers.cookie"],
        censor: "[redacted]",
      },
      hooks: {
        // Every string argument and message passes through the text redactor as a last line of defence.
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === "string" ? redactText(arg) : redactValue(arg)));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    batchedStdout(),
  );
  return logger;
}

// Lines go to stdout in batches of about 4 KB (some 20 webhook lines), at the latest 50 ms after the first line of
// a batch. A synchronous write per line held the event loop in a syscall for about 5 % of the webhook path's
// profile; asynchronous but one write per line, the writes were still 7–10 % of it under load (`npm run
// bench:webhooks -- --cpu-prof`), each a trip to libuv's thread pool. Nothing is lost on a normal exit: the batch
// goes out synchronously when the process exits (process.exit, a signal handler's exit, an uncaught error), and its
// timer keeps a process that is otherwise done alive until it has written. Only a SIGKILL loses the last 50 ms.
const LOG_BATCH_BYTES = 4096;
const LOG_BATCH_MS = 50;

function batchedStdout(): pino.DestinationStream {
  // Asynchronous: a batch written while the previous one is in flight joins it in the next write.
  const destination = pino.destination({ dest: 1, sync: false });
  let batch = "";
  let timer: NodeJS.Timeout | undefined;
  const writeBatch = () => {
    clearTimeout(timer);
    timer = undefined;
    if (batch === "") return;
    destination.write(batch);
    batch = "";
  };
  process.once("exit", () => {
    try {
      writeBatch();
      destination.flushSync();
    } catch {
      // The stream already ended or broke (stdout closed): nothing more can be written.
    }
  });
  return {
    write(line: string) {
      batch += line;
      if (batch.length >= LOG_BATCH_BYTES) writeBatch();
      else timer ??= setTimeout(writeBatch, LOG_BATCH_MS);
    },
  };
}
