import { Text } from "@react-email/components";
import { absoluteUrl } from "../app-url";
import { defineTemplate } from "./define-template";
import { ActionLink, EmailLayout, paragraph } from "./layout";

// The account emails (lib/accounts/account-emails.ts decides them): three carry a single-use link and are marked
// secret, three tell the holder of an address that something happened to their account.

interface LinkProps {
  name: string;
  /** The app path with the token, made absolute here (the outbox stores it until the email is sent). */
  path: string;
}

function LinkEmail(props: LinkProps & { preview: string; title: string; body: string; action: string; expiry: string }) {
  return (
    <EmailLayout preview={props.preview} title={props.title}>
      <Text style={paragraph}>Hello {props.name},</Text>
      <Text style={paragraph}>{props.body}</Text>
      <ActionLink href={absoluteUrl(props.path)}>{props.action}</ActionLink>
      <Text style={paragraph}>
        The link works once and {props.expiry}. If you did not ask for it, ignore this email: nothing changes.
      </Text>
    </EmailLayout>
  );
}

export const verifyEmail = defineTemplate<LinkProps>({
  subject: () => "Confirm your email address",
  secret: true,
  component: (props) => (
    <LinkEmail
      {...props}
      preview="Confirm your email address to start billing"
      title="Confirm your email address"
      body="Open this link to confirm your address and sign in. Subscribing and other billing changes wait for it."
      action="Confirm my email address"
      expiry="expires in 24 hours"
    />
  ),
});

export const passwordReset = defineTemplate<LinkProps>({
  subject: () => "Choose a new password",
  secret: true,
  component: (props) => (
    <LinkEmail
      {...props}
      preview="A link to choose a new password"
      title="Choose a new password"
      body="Someone (hopefully you) asked to reset the password of your account. Choosing a new one signs out every device."
      action="Choose a new password"
      expiry="expires in 30 minutes"
    />
  ),
});

export const confirmEmailChange = defineTemplate<LinkProps>({
  subject: () => "Confirm your new email address",
  secret: true,
  component: (props) => (
    <LinkEmail
      {...props}
      preview="Confirm the new sign-in address of your account"
      title="Confirm your new email address"
      body="Open this link to make this address the one you sign in with. Until then, the old address stays in use."
      action="Use this address"
      expiry="expires in 24 hours"
    />
  ),
});

function Notice({ name, title, lines }: { name: string; title: string; lines: string[] }) {
  return (
    <EmailLayout preview={title} title={title}>
      <Text style={paragraph}>Hello {name},</Text>
      {lines.map((line) => (
        <Text key={line} style={paragraph}>
          {line}
        </Text>
      ))}
    </EmailLayout>
  );
}

const IF_NOT_YOU = "If this was not you, reset your password from the sign-in page at once and contact us.";

export const signUpAttempt = defineTemplate<{ name: string }>({
  subject: () => "Someone tried to sign up with your email address",
  component: ({ name }) => (
    <Notice
      name={name}
      title="Someone tried to sign up with your address"
      lines={[
        "Someone tried to create a new account with this email address, which already has one. Nothing changed: your account, password and billing are as they were.",
        `Forgot your password? Choose a new one at ${absoluteUrl("/forgot-password")}.`,
      ]}
    />
  ),
});

export const passwordChanged = defineTemplate<{ name: string }>({
  subject: () => "Your password was changed",
  component: ({ name }) => (
    <Notice name={name} title="Your password was changed" lines={["The password of your account was just changed, and every other device was signed out.", IF_NOT_YOU]} />
  ),
});

export const emailChanged = defineTemplate<{ name: string; newEmail: string }>({
  subject: () => "Your sign-in email was changed",
  component: ({ name, newEmail }) => (
    <Notice
      name={name}
      title="Your sign-in email was changed"
      lines={[`Your account now signs in with ${newEmail}; this address no longer does and gets no more emails about it.`, IF_NOT_YOU]}
    />
  ),
});
