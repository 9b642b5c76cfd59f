import type { ReactNode } from "react";
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { absoluteUrl } from "../app-url";

// The frame every email shares: product name, one heading, the body, and a footer linking back to the app. Inline
// styles only (mail clients drop <style> blocks and external CSS).
const page = { backgroundColor: "#f5f6f8", fontFamily: "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif", margin: 0 };
const card = { backgroundColor: "#ffffff", borderRadius: "8px", margin: "24px auto", maxWidth: "560px", padding: "32px" };
const brand = { color: "#4b5563", fontSize: "14px", fontWeight: 600, margin: "0 0 16px" };
const heading = { color: "#111827", fontSize: "22px", lineHeight: "28px", margin: "0 0 16px" };
const footer = { color: "#6b7280", fontSize: "12px", lineHeight: "18px", margin: 0 };

export function EmailLayout({ preview, title, children }: { preview: string; title: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Text style={brand}>Asset Anchor Billing</Text>
          <Heading as="h1" style={heading}>
            {title}
          </Heading>
          {children}
          <Hr style={{ borderColor: "#e5e7eb", margin: "24px 0" }} />
          <Text style={footer}>
            You receive this email because of your account at{" "}
            <Link href={absoluteUrl("/")}>{new URL(absoluteUrl("/")).host}</Link>.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export const paragraph = { color: "#111827", fontSize: "15px", lineHeight: "22px", margin: "0 0 12px" };

/** A call to action: a plain link styled as a button (it survives clients that strip styles as a link). */
export function ActionLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "20px 0" }}>
      <Link
        href={href}
        style={{ backgroundColor: "#1d4ed8", borderRadius: "6px", color: "#ffffff", display: "inline-block", fontSize: "15px", padding: "10px 18px", textDecoration: "none" }}
      >
        {children}
      </Link>
    </Section>
  );
}
