// A cookie-keeping HTTP client for the suite: signs in through next-auth's own endpoints (csrf, then the
// credentials callback), never follows redirects (the matrix wants to see them), and hands every response
// body to a recorder so the leak scan can read what the server sent to whom.

export type Reply = { status: number; headers: Headers; body: string; location: string | null };
export type Recorder = (entry: { persona: string; method: string; path: string; status: number; body: string; headers: Headers }) => void;

export class HttpSession {
  private cookies = new Map<string, string>();

  constructor(
    readonly persona: string,
    readonly baseUrl: string,
    private readonly record: Recorder,
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** Raw Set-Cookie lines of the last response that set any, for the cookie-flag checks. */
  lastSetCookies: string[] = [];

  async request(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
    const method = init.method ?? "GET";
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body: init.body,
      redirect: "manual",
      signal: AbortSignal.timeout(60_000),
    });
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length > 0) this.lastSetCookies = setCookies;
    for (const line of setCookies) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = await response.text();
    this.record({ persona: this.persona, method, path, status: response.status, body, headers: response.headers });
    return { status: response.status, headers: response.headers, body, location: response.headers.get("location") };
  }

  /** next-auth credentials sign-in; throws unless a session cookie came back. */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.request("/api/auth/csrf");
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const form = new URLSearchParams({ csrfToken, email, password, callbackUrl: "/", json: "true" });
    await this.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    if (![...this.cookies.keys()].some((name) => name.endsWith("next-auth.session-token"))) {
      throw new Error(`sign-in as ${email} gave no session cookie`);
    }
  }

  /** A server action through HTTP, as the browser calls it: POST with the action id and JSON-encoded arguments. */
  callAction(pagePath: string, actionId: string, args: unknown[]): Promise<Reply> {
    return this.request(pagePath, {
      method: "POST",
      headers: {
        "next-action": actionId,
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin: this.baseUrl,
      },
      body: JSON.stringify(args),
    });
  }
}

/** The action's `{ ok }` / `{ error: { code } }` result read out of the RSC payload. */
export function actionOutcome(reply: Reply): string {
  if (reply.status >= 500) return `http_${reply.status}`;
  if (reply.status >= 300 && reply.status < 400) return "redirect";
  const code = /"ok":false,"error":\{"code":"([a-z_]+)"/.exec(reply.body)?.[1];
  if (code) return code;
  if (/"ok":true/.test(reply.body)) return "ok";
  if (/NEXT_REDIRECT|x-action-redirect/.test(reply.body) || reply.headers.get("x-action-redirect")) return "redirect";
  if (reply.status === 404) return "http_404";
  return `unknown_${reply.status}`;
}
