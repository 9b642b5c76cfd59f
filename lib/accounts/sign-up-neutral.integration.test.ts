// Finding #12.10 replayed through the real sign-up server action: a taken email and a new one get the same
// answer after about the same time (the holder of the taken one is told by email), and a whitespace password is refused.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/testing/auth/fake-request"));

import { signUpAction } from "@/app/(auth)/signup/actions";
import { prepareAuthTestEnv, uniqueEmail } from "@/testing/auth/auth-test-env";
import { resetRequest } from "@/testing/auth/fake-request";
import { getDb } from "@/lib/db/client";
import { SOCKET_ADDRESS_HEADER } from "@/lib/http/client-address";

const PASSWORD = "correct horse battery staple";
beforeAll(() => prepareAuthTestEnv());
afterAll(async () => {
  await getDb().$disconnect();
});

let counter = 0;
function asGuest() {
  counter += 1;
  resetRequest({ headers: { [SOCKET_ADDRESS_HEADER]: `2001:db8:1::${(process.pid % 0xffff).toString(16)}:${counter.toString(16)}` } });
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

describe("sign-up action (#12.10)", () => {
  it("answers a taken email exactly like a new one, and leaves the taken account alone", async () => {
    const taken = uniqueEmail("taken");
    asGuest();
    const first = await signUpAction({ email: taken, password: PASSWORD, name: "Tess", tenantName: "Taken Co" });
    expect(first.ok).toBe(true);
    const before = await getDb().user.findUniqueOrThrow({ where: { email: taken } });
    const tenantsBefore = await getDb().tenant.count();

    const newTimes: number[] = [];
    const takenTimes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      asGuest();
      const fresh = await timed(() => signUpAction({ email: uniqueEmail("fresh"), password: PASSWORD, name: "Nia", tenantName: "New Co" }));
      asGuest();
      const again = await timed(() => signUpAction({ email: taken, password: "another long passphrase", name: "Eve", tenantName: "Eve Co" }));
      expect(again.result).toEqual(fresh.result);
      expect(again.result).toEqual(first);
      newTimes.push(fresh.ms);
      takenTimes.push(again.ms);
    }
    // Both paths run one scrypt (~100+ ms) and a few queries; a taken email must not answer markedly faster.
    const ratio = median(takenTimes) / median(newTimes);
    expect(ratio, `taken ${median(takenTimes).toFixed(0)} ms vs new ${median(newTimes).toFixed(0)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);

    const after = await getDb().user.findUniqueOrThrow({ where: { email: taken } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.name).toBe("Tess");
    expect(await getDb().tenant.count()).toBe(tenantsBefore + 5);
    // The inbox tells them apart: the holder got one "someone tried" email (at most one an hour), after the
    // verification link of their own sign-up.
    const emails = await getDb().email.findMany({ where: { to: taken }, orderBy: { createdAt: "asc" }, select: { template: true } });
    expect(emails.map((email) => email.template)).toEqual(["verify-email", "sign-up-attempt"]);
  }, 90_000); // eleven sign-ups, each one scrypt: more than the default 30 s on a loaded 2-core machine

  it("tells the holder at most once in any hour, also across a clock-hour boundary", async () => {
    const taken = uniqueEmail("boundary");
    asGuest();
    expect((await signUpAction({ email: taken, password: PASSWORD, name: "Bo", tenantName: "Bo Co" })).ok).toBe(true);
    const holder = await getDb().user.findUniqueOrThrow({ where: { email: taken } });
    // An attempt told five minutes ago, in the previous clock hour (a key of another hour, as a bucket would have it).
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000);
    await getDb().email.create({
      data: { key: `sign-up-attempt:${holder.id}:earlier`, to: taken, template: "sign-up-attempt", props: {}, subject: "s", messageId: "m", createdAt: fiveMinutesAgo, status: "sent" },
    });
    asGuest();
    await signUpAction({ email: taken, password: "another long passphrase", name: "Eve", tenantName: "Eve Co" });
    expect(await getDb().email.count({ where: { to: taken, template: "sign-up-attempt" } })).toBe(1);

    // An hour later the holder is told again.
    await getDb().email.updateMany({ where: { to: taken, template: "sign-up-attempt" }, data: { createdAt: new Date(Date.now() - 61 * 60_000) } });
    asGuest();
    await signUpAction({ email: taken, password: "another long passphrase", name: "Eve", tenantName: "Eve Co" });
    expect(await getDb().email.count({ where: { to: taken, template: "sign-up-attempt" } })).toBe(2);
  });

  it("refuses whitespace-only and common passwords with a field error, and creates nothing", async () => {
    for (const password of [" ".repeat(10), " ".repeat(16), "password1234", "short pass"]) {
      asGuest();
      const email = uniqueEmail("weak");
      const result = await signUpAction({ email, password, name: "Wes", tenantName: "Weak Co" });
      expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { password: expect.any(Array) } } });
      expect(await getDb().user.findUnique({ where: { email } })).toBeNull();
    }
  });
});
