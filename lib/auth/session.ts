import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { getAuthOptions } from "./options";
import type { SessionIdentity } from "./types";

/** Who the signed session cookie says the caller is; read once per request. Not yet checked against the DB. */
export const getSessionIdentity = cache(async (): Promise<SessionIdentity | null> => {
  const session = await getServerSession(getAuthOptions());
  const userId = session?.user?.id;
  if (!userId) return null;
  return { userId, tenantId: session.tenantId ?? null };
});
