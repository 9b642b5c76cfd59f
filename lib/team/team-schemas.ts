import "server-only";
import { z } from "zod";
import { signUpSchema } from "@/lib/accounts/sign-up";
import { TENANT_ROLES } from "@/lib/auth/roles";

// The inputs of the team actions. Addresses and names follow the sign-up rules, so an invited account is held to
// the same standard as one created through the form.

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "Not a valid id.");
const role = z.enum(TENANT_ROLES, "Choose owner, billing admin or member.");

export const inviteMemberSchema = z.object({ email: signUpSchema.shape.email, role });
export const inviteIdSchema = z.object({ inviteId: id });
export const changeRoleSchema = z.object({ membershipId: id, role });
export const membershipIdSchema = z.object({ membershipId: id });
