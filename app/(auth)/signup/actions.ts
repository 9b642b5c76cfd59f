"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { EmailTakenError, SIGN_UP_NEUTRAL_NOTICE, signUp } from "@/lib/accounts/sign-up";
import { publicAction } from "@/lib/actions/safe-action";
import { recordSignUpAttempt } from "@/lib/auth/login-rate-limit";
import { AppError } from "@/lib/errors";
import { clientAddressFromHeaders } from "@/lib/http/client-address";

// Validation lives in signUp itself; this only shapes the form's fields into its input.
const formSchema = z.object({
  email: z.string(),
  password: z.string(),
  name: z.string(),
  tenantName: z.string(),
});

/**
 * Creates the account and emails its verification link. A taken email is answered exactly like a new one, after
 * about the same work (one scrypt, a transaction, one email decided), so neither the answer nor its timing says
 * who has an account (#12.10); the holder of the taken address hears of it by email.
 */
export const signUpAction = publicAction(formSchema, async (input) => {
  const { allowed } = await recordSignUpAttempt(clientAddressFromHeaders(await headers()));
  if (!allowed) throw new AppError("rate_limited");
  try {
    await signUp(input);
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
  }
  return { notice: SIGN_UP_NEUTRAL_NOTICE };
});
