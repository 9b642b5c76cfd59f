import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { beginLoginAttempt, finishLoginAttempt } from "@/lib/auth/login-rate-limit";
import { verifyPassword } from "./password";

/**
 * Re-authentication for account changes: the current password, counted in the sign-in limits (a stolen session
 * cannot guess it faster than a sign-in form could). Returns the user's current email and name.
 */
export async function checkCurrentPassword(userId: string, password: string, ip: string | null): Promise<{ email: string; name: string }> {
  const user = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true, passwordHash: true } });
  const wrong = new AppError("invalid_input", "Please check the highlighted fields.", {
    fieldErrors: { currentPassword: ["That is not your current password."] },
  });
  const reservation = await beginLoginAttempt(user.email, ip);
  if (!reservation) throw wrong;
  const valid = password.length <= 1024 && (await verifyPassword(password, user.passwordHash));
  await finishLoginAttempt(reservation, valid);
  if (!valid) throw wrong;
  return { email: user.email, name: user.name };
}
