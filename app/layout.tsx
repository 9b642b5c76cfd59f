import type { Metadata } from "next";
import { connection } from "next/server";
import Script from "next/script";
import type { ReactNode } from "react";
import { getEnv } from "@/lib/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Asset Anchor Billing", template: "%s · Asset Anchor Billing" },
  description: "Subscriptions and billing for Asset Anchor tenants.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: configuration (like where Stripe.js lives) is read at
  // run time, never frozen into the build.
  await connection();
  const { stripeMode, stripeJsUrl } = getEnv();
  return (
    <html lang="en">
      <body>
        {/* @stripe/stripe-js would inject js.stripe.com unless window.Stripe exists; in local
            mode the emulator's stand-in must be there first. */}
        {stripeMode === "local" && <Script src={stripeJsUrl} strategy="beforeInteractive" />}
        {children}
      </body>
    </html>
  );
}
