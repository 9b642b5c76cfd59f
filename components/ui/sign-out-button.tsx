"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button, type ButtonProps } from "./button";

/** Signs out through next-auth (CSRF-protected POST) and lands on the sign-in page. */
export function SignOutButton({ variant = "ghost", children = "Sign out", ...rest }: Omit<ButtonProps, "onClick" | "pending">) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      {...rest}
      variant={variant}
      pending={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/signin" });
      }}
    >
      {children}
    </Button>
  );
}
