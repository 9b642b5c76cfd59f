import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readAccessMap } from "./access-map";

const root = mkdtempSync(path.join(os.tmpdir(), "access-map-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
}

file("app/(shop)/orders/page.tsx", `export default async function P() { await requireTenantRole(["owner", "billing"]); }`);
file("app/secret/page.tsx", `export default async function P() { return null; }`);
file("app/about/page.tsx", `// @access public — anyone\nexport default function P() { return null; }`);
file("app/admin/layout.tsx", `export default async function L() { await requireAdmin(); }`);
file("app/admin/things/page.tsx", `export default async function P() { await requireAdmin(); }`);
file("app/api/open/route.ts", `export async function GET() { return new Response(); }`);
file("app/api/tenant/route.ts", `export const POST = withTenant(MANAGERS, async () => new Response());\nconst MANAGERS = ["owner"] as const;`);
file(
  "app/(shop)/orders/actions.ts",
  `"use server";
const MANAGERS = ["owner", "billing"] as const;
const hidden = tenantAction(MANAGERS, schema, async () => 1);
export const readAll = tenantAction(TENANT_ROLES, schema, async () => 1);
export const wipe = adminAction(schema, async () => 1);
export const pay = billingAction(
  "checkout",
  MANAGERS,
  schema,
  async () => 1,
);
export async function formAction(_previous: unknown, formData: FormData) {
  return hidden(formData);
}
export async function unguarded() {
  return 1;
}
`,
);

describe("readAccessMap", () => {
  const map = readAccessMap(root);
  const page = (route: string) => map.pages.find((p) => p.route === route)?.access;

  it("reads the guard a page calls, with its roles, and strips route groups", () => {
    expect(page("/orders")).toEqual({ kind: "tenant", roles: ["owner", "billing"] });
    expect(page("/admin/things")).toEqual({ kind: "admin" });
    expect(page("/about")).toEqual({ kind: "public" });
  });

  it("calls a page with no guard and no @access public undeclared, so the suite fails on it", () => {
    expect(page("/secret")?.kind).toBe("undeclared");
    expect(map.routes.find((r) => r.route === "/api/open")?.access.kind).toBe("undeclared");
  });

  it("resolves role lists held in constants", () => {
    expect(map.routes.find((r) => r.route === "/api/tenant")).toMatchObject({ methods: ["POST"], access: { kind: "tenant", roles: ["owner"] } });
  });

  it("finds exported actions, follows form actions to the guarded action they call, and flags unguarded ones", () => {
    const action = (name: string) => map.actions.find((a) => a.name === name)?.access;
    expect(action("readAll")).toEqual({ kind: "tenant", roles: ["owner", "billing", "member"] });
    expect(action("wipe")).toEqual({ kind: "admin" });
    expect(action("pay")).toEqual({ kind: "tenant", roles: ["owner", "billing"] });
    expect(action("formAction")).toEqual({ kind: "tenant", roles: ["owner", "billing"] });
    expect(action("unguarded")?.kind).toBe("undeclared");
    expect(action("hidden")).toBeUndefined();
  });
});
