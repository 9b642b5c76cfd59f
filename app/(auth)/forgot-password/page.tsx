// @access public — asks for a password-reset link; answers the same whether or not the address has an account.
import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import styles from "../auth.module.css";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <Card
      titleAs="h1"
      title="Forgot your password?"
      description="Enter your account's email address and we will send you a link to choose a new password."
      footer={
        <p className={styles.switch}>
          Remembered it? <Link href="/signin">Sign in</Link>
        </p>
      }
    >
      <ForgotPasswordForm />
    </Card>
  );
}
