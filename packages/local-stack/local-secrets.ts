// Secrets for a local run are generated once and kept in .data/ (git-ignored), so sessions and
// webhook signatures survive restarts without anyone writing an .env file.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface LocalSecrets {
  nextAuthSecret: string;
  webhookSecret: string;
  stripeSecretKey: string;
  stripePublicKey: string;
  demoPassword: string;
  /** The emulator's webhook endpoint whose signing secret `webhookSecret` is (Stripe shows it only on creation). */
  webhookEndpointId?: string;
}

function generate(): LocalSecrets {
  const token = (bytes: number) => randomBytes(bytes).toString("base64url").replace(/[-_]/g, "x");
  return {
    nextAuthSecret: token(36),
    webhookSecret: `whsec_${token(24)}`,
    stripeSecretKey: `sk_test_local${token(18)}`,
    stripePublicKey: `pk_test_local${token(18)}`,
    demoPassword: `demo-${token(9)}`,
  };
}

export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "local-secrets.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  } catch {
    const secrets = generate();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

export function saveLocalSecrets(dataDir: string, secrets: LocalSecrets): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, "local-secrets.json"), JSON.stringify(secrets, null, 2), { mode: 0o600 });
}

/** Fresh secrets for a throwaway run (e2e) that must not share state with the developer's run. */
export function freshLocalSecrets(): LocalSecrets {
  return generate();
}
