"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useFormAction } from "@/components/ui/use-form-action";
import { confirmEmailChangeAction } from "../account-actions";
import styles from "../auth.module.css";

export function ConfirmEmailChangeForm({ token }: { token: string }) {
  const { onSubmit, error, data, pending } = useFormAction(confirmEmailChangeAction);
  if (data) {
    return (
      <Alert tone="success">
        Done: you now sign in with {data.email}. <Link href="/settings">Back to Settings</Link>
      </Alert>
    );
  }
  return (
    <form className={styles.form} onSubmit={onSubmit} method="post">
      {error && <Alert tone="error">{error.message}</Alert>}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" pending={pending} fullWidth>
        {pending ? "Confirming…" : "Use this address"}
      </Button>
    </form>
  );
}
