// npm start / npm run dev / e2e harness: bring the whole stack up, print where it is, and take
// everything down again on Ctrl-C.
import { StackError, redactUrl, startStack, type StackMode } from "./lib/stack";

const mode: StackMode = process.argv.includes("--e2e") ? "e2e" : process.argv.includes("--dev") ? "dev" : "start";
const log = (line: string) => console.log(`[start] ${line}`);

async function main() {
  const stack = await startStack(mode, log);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await stack.stop();
    log("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const { info } = stack;
  if (mode === "e2e") {
    console.log(`READY ${JSON.stringify(info)}`);
    return;
  }
  const lines = [
    "",
    `  Asset Anchor Billing is running on ${info.appUrl}`,
    `  Stripe:     ${info.stripeMode === "local" ? `local emulator at ${info.stripeUrl}` : `${info.stripeMode} mode (api.stripe.com)`}`,
    `  PostgreSQL: ${info.databaseMode} (${redactUrl(info.databaseUrl)})`,
  ];
  if (info.demo && info.demoPassword) {
    lines.push("  Demo accounts (local run only), password for all: " + info.demoPassword);
    for (const account of info.demo) lines.push(`    ${account.role.padEnd(8)} ${account.email}`);
  }
  if (info.mailUrl) lines.push(`  Email:      every message the app sends is caught at ${info.mailUrl}`);
  lines.push("  Press Ctrl-C to stop.", "");
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  const code = error instanceof StackError ? error.exitCode : 1;
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(code);
});
