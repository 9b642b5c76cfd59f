// Command-line tools beside a local run (`npm start` without Stripe keys) reach the same emulator with the
// same generated secrets; anything the environment sets wins. With real keys this changes nothing.
import { loadLocalSecrets } from "./local-secrets";

const LOCAL_STRIPE_URL = "http://127.0.0.1:12111";

export function fillLocalRunEnv(env: NodeJS.ProcessEnv = process.env): void {
  if (env.STRIPE_SECRET_KEY) return;
  const local = loadLocalSecrets(".data");
  env.STRIPE_SECRET_KEY = local.stripeSecretKey;
  env.STRIPE_PUBLIC_KEY ||= local.stripePublicKey;
  env.STRIPE_WEBHOOK_SECRET ||= local.webhookSecret;
  env.NEXTAUTH_SECRET ||= local.nextAuthSecret;
  env.STRIPE_API_URL ||= LOCAL_STRIPE_URL;
}
