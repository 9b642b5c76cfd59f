// How the built app is started in production: server/production-server.mjs (the webhook fast path, then Next's
// request handler), never `next start`. `npm start`, the resilience suite and `npm run bench:webhooks` start it
// through here; the Dockerfile runs the same file from the standalone layout.
import { fileURLToPath } from "node:url";

export const PRODUCTION_SERVER = fileURLToPath(new URL("../../server/production-server.mjs", import.meta.url));

/**
 * The command line and environment for one instance on `port`. `host` undefined: every interface, IPv4 and IPv6
 * (what `next start` does without -H); an inherited HOSTNAME (shells and containers set one) is not used.
 */
export function productionServer(env: NodeJS.ProcessEnv, port: number, host?: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const serverEnv: NodeJS.ProcessEnv = { ...env, NODE_ENV: "production", PORT: String(port) };
  if (host) serverEnv.HOSTNAME = host;
  else delete serverEnv.HOSTNAME;
  return { args: [PRODUCTION_SERVER], env: serverEnv };
}
