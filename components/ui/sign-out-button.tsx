/**
 * Signs out through next-auth's CSRF-protected POST as a plain form (no client JavaScript), landing on the
 * sign-in page (or `callbackUrl`, a path on this site). Without a token next-auth shows its confirmation page instead. Unstyled: the header it sits in
 * gives it the look of its links.
 */
export function SignOutButton({ csrfToken, className, callbackUrl = "/signin" }: { csrfToken: string | null; className?: string; callbackUrl?: string }) {
  return (
    <form method="post" action="/api/auth/signout" style={{ display: "inline" }}>
      {csrfToken && <input type="hidden" name="csrfToken" value={csrfToken} />}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button type="submit" className={className}>
        Sign out
      </button>
    </form>
  );
}
