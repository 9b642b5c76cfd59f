// Tiny HTML helpers for the stand-in hosted pages.
import { formatAmount } from "./currency";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · stripe-local</title>
<style>
body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1f36}
h1{font-size:1.3rem}.muted{color:#697386;font-size:.9rem}.error{color:#c0123c;font-weight:600}
label{display:block;margin:.6rem 0 .2rem}input,select{width:100%;padding:.5rem;box-sizing:border-box;font-size:1rem}
.row{display:flex;gap:.5rem}.row>*{flex:1}button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}
.card{border:1px solid #e3e8ee;border-radius:8px;padding:1rem;margin:1rem 0}.badge{font-size:.8rem;background:#fff3cd;padding:.1rem .4rem;border-radius:4px}
</style></head><body><p class="badge">stripe-local test mode — not real Stripe</p>${body}</body></html>`;
}

/** An amount in minor units as the hosted pages show it ("$19.00", "¥1,200"). */
export const money = formatAmount;

/** The card inputs of the hosted pages; `optional` when Checkout may skip the card (a trial, `if_required`). */
export const cardFields = (prefix = "", { optional = false } = {}) => {
  const required = optional ? "" : " required";
  return `
<label for="${prefix}number">Card number${optional ? " (optional)" : ""}</label><input id="${prefix}number" name="number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242"${required}>
<div class="row"><div><label for="${prefix}exp">Expiry (MM / YY)</label><input id="${prefix}exp" name="exp" placeholder="12 / 34"${required}></div>
<div><label for="${prefix}cvc">CVC</label><input id="${prefix}cvc" name="cvc" inputmode="numeric" placeholder="123"${required}></div></div>`;
};

/** "12 / 34", "12/2034" → month and four-digit year. */
export function parseExpiry(raw: string): { exp_month: number; exp_year: number } | undefined {
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(raw);
  if (!m) return undefined;
  const year = Number(m[2]);
  return { exp_month: Number(m[1]), exp_year: year < 100 ? 2000 + year : year };
}
