import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

function startWith(env: Record<string, string>) {
  return spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm start refuses a bad environment before starting anything", () => {
  it("names a malformed webhook secret and exits non-zero", () => {
    const result = startWith({ STRIPE_WEBHOOK_SECRET: "not-a-secret" });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/STRIPE_WEBHOOK_SECRET must start with whsec_/);
  });

  it("names a database URL that is not PostgreSQL", () => {
    const result = startWith({ DATABASE_URL: "mysql://root@localhost/app" });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/DATABASE_URL must be a postgresql:\/\/ connection string/);
  });

  it("refuses a live secret key together with the local emulator", () => {
    const result = startWith({
      STRIPE_SECRET_KEY: "sk_live_123",
      STRIPE_PUBLIC_KEY: "pk_live_123",
      STRIPE_API_URL: "http://127.0.0.1:12111",
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/STRIPE_SECRET_KEY is a live key/);
  });
});
