import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { sendSignUpAttemptEmail, sendVerifyEmail } from "./account-emails";
import { issueAccountToken } from "./account-tokens";
import { hashPassword } from "./password";
import { MIN_PASSWORD_LENGTH, passwordSchema } from "./password-policy";

export { MIN_PASSWORD_LENGTH };

// Control characters and the invisible bidirectional marks and overrides (U+200E/F, U+202A–E, U+2066–9): a name is
// shown to admins beside other tenants' names, and "Acme\u202Egnp.exe" would read as something it is not.
const HIDDEN_CHARACTERS = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

function displayName(missing: string) {
  return z
    .string()
    .trim()
    .min(1, missing)
    .max(100)
    .refine((value) => !HIDDEN_CHARACTERS.test(value), "Use letters, digits, spaces and punctuation only.");
}

export const signUpSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254)),
  password: passwordSchema,
  name: displayName("Enter your name."),
  tenantName: displayName("Enter your organisation's name."),
});

export type SignUpInput = z.input<typeof signUpSchema>;
export type SignUpResult = { userId: string; tenantId: string; email: string };

export const SIGN_UP_FAILED = "We could not create an account with these details.";

/**
 * What a sign-up is answered, new email or taken one alike: the inbox tells them apart. A new address gets its
 * verification link there; the holder of a registered one is told someone tried to sign up with it.
 */
export const SIGN_UP_NEUTRAL_NOTICE =
  "Check your inbox: we sent an email to this address with the next step. It can take a minute to arrive.";

/**
 * The email is registered already. Callers facing the public answer exactly as for a new account (#12.10):
 * the sign-up form must not be an oracle for who has an account here.
 */
export class EmailTakenError extends AppError {
  constructor() {
    super("conflict", SIGN_UP_FAILED);
    this.name = "EmailTakenError";
  }
}

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug || "team";
}

function isUniqueViolation(error: unknown, field: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  // With driver adapters the target is reported under meta.driverAdapterError; match either shape.
  return JSON.stringify(error.meta ?? {}).includes(field);
}

/**
 * Creates the user (unverified), their tenant, the owner membership and the verification email in one
 * transaction: either all exist afterwards or none does. A taken email leaves that account untouched, emails its
 * holder instead, and throws EmailTakenError for the caller to answer like a new account.
 */
export async function signUp(input: SignUpInput): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "form");
      (fieldErrors[key] ??= []).push(issue.message);
    }
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors });
  }
  const { email, password, name, tenantName } = parsed.data;
  const db = getDb();
  const passwordHash = await hashPassword(password);
  const baseSlug = slugify(tenantName);

  // A slug race with another sign-up is retried with a random suffix; an email clash is final.
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const slug = attempt === 0 ? await freeSlug(db, baseSlug) : `${baseSlug}-${randomBytes(3).toString("hex")}`;
    try {
      return await db.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email, name, passwordHash }, select: { id: true, email: true } });
        const tenant = await tx.tenant.create({ data: { name: tenantName, slug }, select: { id: true } });
        await tx.membership.create({ data: { userId: user.id, tenantId: tenant.id, role: "owner" } });
        const link = await issueAccountToken(tx, { userId: user.id, purpose: "verify_email" });
        await sendVerifyEmail(tx, { tokenId: link.id, token: link.token, to: user.email, name });
        return { userId: user.id, tenantId: tenant.id, email: user.email };
      });
    } catch (error) {
      if (isUniqueViolation(error, "email")) {
        await tellHolderOfTakenEmail(db, email);
        throw new EmailTakenError();
      }
      if (isUniqueViolation(error, "slug")) continue;
      throw error;
    }
  }
  throw new AppError("conflict", SIGN_UP_FAILED);
}

async function tellHolderOfTakenEmail(db: Db, email: string): Promise<void> {
  const holder = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true } });
  if (!holder) return;
  // One such email in any hour at most: sign-ups are limited per address, not per victim. The holder's row lock makes
  // two attempts at once decide one after the other, so both cannot see "none in the last hour".
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${holder.id} FOR UPDATE`;
    await sendSignUpAttemptEmail(tx, { userId: holder.id, to: holder.email, name: holder.name });
  });
}

async function freeSlug(db: Db, base: string): Promise<string> {
  const taken = await db.tenant.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
  const used = new Set(taken.map((t) => t.slug));
  if (!used.has(base)) return base;
  for (let n = 2; n < 1000; n += 1) {
    if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
  }
  return `${base}-${randomBytes(3).toString("hex")}`;
}
