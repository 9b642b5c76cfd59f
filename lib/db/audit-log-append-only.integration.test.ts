import { afterAll, describe, expect, test } from "vitest";
import { getDb } from "./client";
import { createTestTenant } from "@/testing/test-db";

afterAll(async () => {
  await getDb().$disconnect();
});

describe("AuditLog is append-only (trigger in migration audit_log_append_only)", () => {
  test("rows can be inserted and read, never updated, deleted or truncated", async () => {
    const db = getDb();
    const tenant = await createTestTenant();
    const entry = await db.auditLog.create({
      data: { tenantId: tenant.id, actor: "system", action: "test.append_only", after: { ok: true } },
    });

    await expect(db.auditLog.update({ where: { id: entry.id }, data: { action: "rewritten" } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db.auditLog.updateMany({ where: { tenantId: tenant.id }, data: { reason: "x" } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db.auditLog.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    await expect(db.auditLog.deleteMany({ where: { tenantId: tenant.id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe('TRUNCATE "AuditLog" CASCADE')).rejects.toThrow(/append-only/);
    // Nor can the tenant it belongs to disappear from under it.
    await expect(db.tenant.delete({ where: { id: tenant.id } })).rejects.toThrow();

    const after = await db.auditLog.findUniqueOrThrow({ where: { id: entry.id } });
    expect(after).toMatchObject({ action: "test.append_only", reason: null, after: { ok: true } });
    await db.auditLog.create({ data: { tenantId: tenant.id, actor: "system", action: "test.second" } });
    expect(await db.auditLog.count({ where: { tenantId: tenant.id } })).toBe(2);
  });
});
