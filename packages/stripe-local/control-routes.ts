// Test-control routes under /_local/ (not Stripe's): reset, delivery log, resend, webhook config, 3DS results,
// the account's Dashboard settings (default API version, retry policy), a saved card that starts declining.

import { assertKnownVersion } from "./api-versions";
import { NO_REQUEST, type Ctx, type Emulator } from "./context";
import { invalidRequest, resourceMissing, StripeLocalError } from "./errors";
import type { FormObject, FormValue } from "./form-encoding";
import { completePaymentIntent3ds, completeSetupIntent3ds } from "./payments";
import { render, type JsonObject } from "./render";
import type { ChaosOptions } from "./webhook-delivery";

export interface ControlResult {
  status: number;
  body: JsonObject;
}

function str(v: FormValue | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function num(v: FormValue | undefined, name: string): number | undefined {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !Number.isFinite(n)) throw invalidRequest(`Invalid number: ${name}`, { param: name });
  return n;
}

function numList(v: FormValue | undefined, name: string): number[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return v === "" ? [] : v.split(",").map((x) => num(x.trim(), name) ?? 0);
  const items = Array.isArray(v) ? v : Object.values(v);
  return items.map((x) => num(x, name) ?? 0);
}

function parseChaos(v: FormValue | undefined): ChaosOptions | undefined | null {
  if (v === undefined) return undefined;
  if (v === "" || v === "false" || v === "off") return null;
  if (typeof v === "string" || Array.isArray(v)) throw invalidRequest("chaos must be an object or false.", { param: "chaos" });
  const targets = v.targets;
  return {
    seed: num(v.seed, "chaos[seed]") ?? 1,
    duplicateRate: num(v.duplicateRate, "chaos[duplicateRate]"),
    maxDelayMs: num(v.maxDelayMs, "chaos[maxDelayMs]"),
    reorderWindow: num(v.reorderWindow, "chaos[reorderWindow]"),
    targets: targets === undefined ? undefined : typeof targets === "string" ? [targets] : (Array.isArray(targets) ? targets : Object.values(targets)).filter((t): t is string => typeof t === "string"),
  };
}

export function handleControl(emu: Emulator, method: string, path: string, params: FormObject, resetAll: () => void): ControlResult | undefined {
  const ctx: Ctx = { emu, req: NO_REQUEST };
  if (method === "POST" && path === "/_local/reset") {
    resetAll();
    return { status: 200, body: { ok: true } };
  }
  if (method === "GET" && path === "/_local/health") return { status: 200, body: { ok: true } };
  if (method === "GET" && path === "/_local/deliveries") {
    const event = str(params.event);
    const list = emu.deliveries.deliveries().filter((d) => !event || d.event === event);
    return { status: 200, body: { object: "list", data: list as unknown as JsonObject[], pending: emu.deliveries.busy() } };
  }
  if (method === "GET" && path === "/_local/webhook") {
    return {
      status: 200,
      body: {
        url: emu.deliveries.forwardUrl ?? null,
        secret: emu.deliveries.forwardSecret,
        retrySchedule: emu.deliveries.retrySchedule,
        chaos: (emu.deliveries.getChaos() ?? null) as unknown as JsonObject,
        paused: emu.deliveries.isPaused(),
      },
    };
  }
  if (method === "POST" && path === "/_local/webhook") {
    if (params.url !== undefined) emu.deliveries.forwardUrl = str(params.url) || undefined;
    const secret = str(params.secret);
    if (secret) emu.deliveries.forwardSecret = secret;
    const schedule = numList(params.retrySchedule, "retrySchedule");
    if (schedule) emu.deliveries.retrySchedule = schedule;
    const chaos = parseChaos(params.chaos);
    if (chaos !== undefined) emu.deliveries.setChaos(chaos ?? undefined);
    const paused = str(params.paused);
    if (paused === "true" || paused === "false") emu.deliveries.setPaused(paused === "true");
    return handleControl(emu, "GET", "/_local/webhook", {}, resetAll);
  }
  let m = /^\/_local\/events\/([^/]+)\/resend$/.exec(path);
  if (m && method === "POST") {
    const id = decodeURIComponent(m[1] ?? "");
    const event = emu.store.get("event", id);
    if (!event) throw resourceMissing("event", id);
    const endpoints = emu.deliveries.resend(event);
    return { status: 200, body: { ok: true, endpoints } };
  }
  // A saved card that the issuer starts declining (reported lost, closed account): Stripe's test cards cannot
  // attach and then decline with a hard code, so tests swap the saved card's number behind its id.
  m = /^\/_local\/payment_methods\/([^/]+)\/card$/.exec(path);
  if (m && method === "POST") {
    const id = decodeURIComponent(m[1] ?? "");
    const pm = emu.store.get("payment_method", id);
    if (!pm) throw resourceMissing("payment_method", id);
    const number = str(params.number);
    if (!number || !/^\d{12,19}$/.test(number)) throw invalidRequest("number must be a test card number.", { param: "number" });
    pm._number = number;
    emu.store.touch();
    return { status: 200, body: render(pm) };
  }
  if (method === "GET" && path === "/_local/account") return { status: 200, body: accountBody(emu) };
  if (method === "POST" && path === "/_local/account") {
    const version = str(params.api_version);
    if (version) {
      assertKnownVersion(version, "api_version");
      emu.account.apiVersion = version;
    }
    const retries = params.retries;
    if (retries !== undefined && typeof retries === "object" && !Array.isArray(retries)) {
      const attempts = num(retries.attempts, "retries[attempts]");
      const windowDays = num(retries.window_days, "retries[window_days]");
      const days = numList(retries.days, "retries[days]");
      const end = str(retries.end_action);
      if (attempts !== undefined) emu.dunning.attempts = attempts;
      if (windowDays !== undefined) emu.dunning.windowDays = windowDays;
      if (days !== undefined) {
        if (days.length > 0) emu.dunning.retryDays = days;
        else delete emu.dunning.retryDays;
      }
      if (end !== undefined) {
        if (end !== "cancel" && end !== "unpaid" && end !== "past_due") {
          throw invalidRequest("retries[end_action] must be cancel, unpaid or past_due.", { param: "retries[end_action]" });
        }
        emu.dunning.finalAction = end;
      }
    }
    return { status: 200, body: accountBody(emu) };
  }
  m = /^\/_local\/(payment_intents|setup_intents)\/([^/]+)\/3ds$/.exec(path);
  if (m && method === "POST") {
    const id = decodeURIComponent(m[2] ?? "");
    const result = str(params.result);
    if (result !== "pass" && result !== "fail") throw invalidRequest("result must be 'pass' or 'fail'.", { param: "result", code: "parameter_invalid_string" });
    if (m[1] === "payment_intents") {
      const pi = emu.store.get("payment_intent", id);
      if (!pi) throw resourceMissing("payment_intent", id);
      const outcome = completePaymentIntent3ds(ctx, pi, result === "pass");
      if (outcome.kind === "declined") return errorResult(outcome.error);
      return { status: 200, body: render(pi) };
    }
    const si = emu.store.get("setup_intent", id);
    if (!si) throw resourceMissing("setup_intent", id);
    const outcome = completeSetupIntent3ds(ctx, si, result === "pass");
    if (outcome.kind === "declined") return errorResult(outcome.error);
    return { status: 200, body: render(si) };
  }
  return undefined;
}

function accountBody(emu: Emulator): JsonObject {
  return {
    api_version: emu.account.apiVersion,
    retries: { ...emu.dunning, retryDays: emu.dunning.retryDays ?? null } as unknown as JsonObject,
  };
}

function errorResult(err: StripeLocalError): ControlResult {
  return { status: err.status, body: { error: err.body as unknown as JsonObject } };
}
