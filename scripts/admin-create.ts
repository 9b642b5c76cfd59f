// npm run admin:create -- <email> — creates a platform admin (or promotes an existing user), asking for the
// password on the terminal, or taking ADMIN_PASSWORD from the environment in CI. Uses DATABASE_URL, or the
// embedded PostgreSQL of a local run. Run with the react-server condition so `server-only` imports load.
import { existsSync } from "node:fs";
import { fillLocalRunEnv } from "@asset-anchor/local-stack/local-run-env";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";

if (existsSync(".env")) process.loadEnvFile(".env");
fillLocalRunEnv();

async function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

async function main(): Promise<number> {
  const email = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
  if (!email) {
    console.error("usage: npm run admin:create -- <email>   (password from the prompt, or ADMIN_PASSWORD)");
    return 2;
  }
  const { databaseUrlFromEnvOrEmbedded } = await import("@asset-anchor/local-stack/embedded-postgres");
  const connection = await databaseUrlFromEnvOrEmbedded();
  process.env.DATABASE_URL = connection.databaseUrl;
  if (connection.source === "embedded") {
    // A local run keeps its generated secrets in .data; this script needs none of them but the env module
    // validates a complete configuration.
    const { loadLocalSecrets } = await import("@asset-anchor/local-stack/local-secrets");
    const secrets = loadLocalSecrets(".data");
    process.env.NEXTAUTH_SECRET ||= secrets.nextAuthSecret;
    process.env.STRIPE_SECRET_KEY ||= secrets.stripeSecretKey;
    process.env.STRIPE_PUBLIC_KEY ||= secrets.stripePublicKey;
    process.env.STRIPE_WEBHOOK_SECRET ||= secrets.webhookSecret;
  }
  const { getEnv } = await import("@/lib/env");
  const { createAdmin } = await import("@/lib/admin/create-admin");
  const { getDb } = await import("@/lib/db/client");
  try {
    let password = getEnv().ADMIN_PASSWORD;
    if (!password) {
      if (!process.stdin.isTTY) {
        console.error("no terminal to ask for a password: set ADMIN_PASSWORD");
        return 2;
      }
      password = await promptHidden(`Password for ${email}: `);
      const again = await promptHidden("Again: ");
      if (password !== again) {
        console.error("the passwords differ");
        return 1;
      }
    }
    const result = await createAdmin({ email, password });
    console.log(`${result.created ? "created" : "promoted"} platform admin ${email} (${result.userId})`);
    return 0;
  } catch (error) {
    console.error(`admin:create failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await getDb().$disconnect();
    await connection.stop();
  }
}

main().then((code) => process.exit(code));
