// Finding #12.1 replayed on the real sign-in and sign-up pages: a signed-in visit with a hostile callbackUrl
// must never answer a Location that a browser resolves to another site.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/testing/auth/fake-request"));

import SignInPage from "@/app/(auth)/signin/page";
import SignUpPage from "@/app/(auth)/signup/page";
import { signUp } from "@/lib/accounts/sign-up";
import { prepareAuthTestEnv, uniqueEmail } from "@/testing/auth/auth-test-env";
import { resetRequest, signInThroughNextAuth } from "@/testing/auth/fake-request";
import { getDb } from "@/lib/db/client";

const PASSWORD = "correct horse battery staple";
beforeAll(() => prepareAuthTestEnv());
afterAll(async () => {
  await getDb().$disconnect();
});

/** The Location a page answers with, or null when it renders. */
async function locationOf(render: () => Promise<unknown>): Promise<string | null> {
  try {
    await render();
    return null;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return digest.split(";")[2] ?? "";
  }
}

describe("sign-in and sign-up pages while signed in", () => {
  it.each([
    "/..//evil.example/phish",
    "/.//evil.example/phish",
    "/%2e%2e//evil.example/phish",
    "/\\evil.example",
    "//evil.example",
    "https://evil.example/phish",
  ])("keep %s on this site", async (callbackUrl) => {
    const email = uniqueEmail("redirect");
    await signUp({ email, password: PASSWORD, name: "Rita", tenantName: "Redirect Co" });
    resetRequest();
    expect(await signInThroughNextAuth({ email, password: PASSWORD, ip: "192.0.2.10" })).toMatchObject({ ok: true });
    const origin = "http://localhost:5050";
    for (const Page of [SignInPage, SignUpPage]) {
      const location = await locationOf(() => Page({ searchParams: Promise.resolve({ callbackUrl }) }));
      expect(location).not.toBeNull();
      expect(new URL(location ?? "", `${origin}/signin`).origin).toBe(origin);
      expect(location).toBe("/billing");
    }
  });
});
