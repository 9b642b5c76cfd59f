import "server-only";
import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";
import { AppError } from "@/lib/errors";

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

let common: Set<string> | undefined;

/** zxcvbn-ts's list of ~49,000 leaked passwords, compared case-insensitively and without separators. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"]);
  const lower = password.normalize("NFKC").trim().toLowerCase();
  return common.has(lower) || common.has(lower.replace(/[\s\-_.]+/g, ""));
}

/** The one password rule (sign-up, admin creation): length, not only whitespace, not a known common password. */
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`)
  .refine((password) => /\S/u.test(password), "Use letters, digits or symbols, not only spaces.")
  .refine((password) => !isCommonPassword(password), "This password is on a list of commonly used passwords. Choose another.");

/** The new password of a reset or change, or an invalid_input error on `field` saying what the policy wants. */
export function newPasswordOrThrow(password: unknown, field = "newPassword"): string {
  const parsed = passwordSchema.safeParse(password);
  if (parsed.success) return parsed.data;
  throw new AppError("invalid_input", "Please check the highlighted fields.", {
    fieldErrors: { [field]: parsed.error.issues.map((issue) => issue.message) },
  });
}
