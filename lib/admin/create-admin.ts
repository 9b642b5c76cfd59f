import "server-only";
import { z } from "zod";
import { hashPassword } from "@/lib/accounts/password";
import { passwordSchema } from "@/lib/accounts/password-policy";
import { recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

const inputSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Not an email address.")),
  password: passwordSchema,
  name: z.string().trim().min(1).max(100).optional(),
});

/**
 * Creates a platform admin, or promotes an existing user and sets the given password. Used by
 * `npm run admin:create`; the audit log records who became an admin and when.
 */
export async function createAdmin(input: z.input<typeof inputSchema>): Promise<{ userId: string; created: boolean }> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues.map((i) => i.message).join(" "));
  const { email, password, name } = parsed.data;
  const passwordHash = await hashPassword(password);
  return getDb().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true, isPlatformAdmin: true } });
    const user = existing
      ? // A new password ends the sessions signed in with the old one.
        await tx.user.update({ where: { id: existing.id }, data: { isPlatformAdmin: true, passwordHash, sessionVersion: { increment: 1 } }, select: { id: true } })
      : await tx.user.create({ data: { email, name: name ?? email.split("@")[0] ?? email, passwordHash, isPlatformAdmin: true, emailVerifiedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, {
      tenantId: null,
      actor: "system",
      action: existing ? "admin.promoted" : "admin.created",
      before: existing ? { userId: existing.id, isPlatformAdmin: existing.isPlatformAdmin } : null,
      after: { userId: user.id, email, isPlatformAdmin: true },
      reason: "npm run admin:create",
    });
    return { userId: user.id, created: !existing };
  });
}
