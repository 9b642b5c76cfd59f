"use client";

import { signOut } from "next-auth/react";
import { useState, type ReactNode } from "react";

/**
 * Signs out through next-auth (its CSRF-protected POST, so no "Are you sure?" page) and lands on the
 * sign-in page. Unstyled: the header it sits in gives it the look of its links.
 */
export function SignOutButton({ className, children = "Sign out" }: { className?: string; children?: ReactNode }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={className}
      disabled={pending}
      aria-busy={pending || undefined}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/signin" });
      }}
    >
      {pending ? "Signing out…" : children}
    </button>
  );
}
