import "server-only";
import { getEnv } from "@/lib/env";

/** An absolute link into the app for an email: mail clients have no base URL, so every href carries NEXTAUTH_URL. */
export function absoluteUrl(path: string): string {
  return new URL(path, getEnv().NEXTAUTH_URL).toString();
}
