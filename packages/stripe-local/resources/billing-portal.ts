// Billing portal configurations (the Dashboard's "Customer portal" settings as an API object). Stripe refuses a
// portal session until the account has one; the portal offers exactly the plan switches, proration, cancellation
// and card update the configuration enables.

import type { Ctx } from "../context";
import { invalidRequest } from "../errors";
import { applyMetadata, type Params } from "../params";
import { LIST_PARAMS } from "../pagination";
import { out, outList, type Route } from "../router";
import { newId } from "../store";
import type { PortalConfiguration } from "../types";
import { load } from "./lookup";

const PRORATIONS = ["always_invoice", "create_prorations", "none"] as const;
type Proration = (typeof PRORATIONS)[number];

function proration(p: Params | undefined, name: string, fallback: Proration): Proration {
  const v = p?.str("proration_behavior");
  if (v === undefined || v === "") return fallback;
  if (!(PRORATIONS as readonly string[]).includes(v)) throw invalidRequest(`Invalid ${name}[proration_behavior]: ${v}.`, { param: `${name}[proration_behavior]` });
  return v as Proration;
}

function enabled(p: Params | undefined, fallback: boolean): boolean {
  return p?.bool("enabled") ?? fallback;
}

/** `features` as create or update sends it, over the current (or default) features. */
function applyFeatures(c: Ctx, current: PortalConfiguration["features"] | undefined, features: Params | undefined): PortalConfiguration["features"] {
  const base: PortalConfiguration["features"] = current ?? {
    customer_update: { allowed_updates: [], enabled: false },
    invoice_history: { enabled: false },
    payment_method_update: { enabled: false, payment_method_configuration: null },
    subscription_cancel: { cancellation_reason: { enabled: false, feedback_options: null, options: [] }, enabled: false, mode: "at_period_end", proration_behavior: "none" },
    subscription_pause: { duration: { interval_options: [], type: "indefinite" }, enabled: false },
    subscription_update: {
      billing_cycle_anchor: null,
      default_allowed_updates: [],
      enabled: false,
      products: null,
      proration_behavior: "create_prorations",
      schedule_at_period_end: { conditions: [] },
      trial_update_behavior: "end_trial",
    },
  };
  if (!features) return base;
  const out = structuredClone(base);
  const invoices = features.obj("invoice_history");
  if (invoices) out.invoice_history.enabled = enabled(invoices, out.invoice_history.enabled);
  const pmUpdate = features.obj("payment_method_update");
  if (pmUpdate) out.payment_method_update.enabled = enabled(pmUpdate, out.payment_method_update.enabled);
  const cancel = features.obj("subscription_cancel");
  if (cancel) {
    out.subscription_cancel.enabled = enabled(cancel, out.subscription_cancel.enabled);
    const mode = cancel.str("mode");
    if (mode === "at_period_end" || mode === "immediately") out.subscription_cancel.mode = mode;
    else if (mode) throw invalidRequest(`Invalid features[subscription_cancel][mode]: ${mode}.`, { param: "features[subscription_cancel][mode]" });
    out.subscription_cancel.proration_behavior = proration(cancel, "features[subscription_cancel]", out.subscription_cancel.proration_behavior);
  }
  const update = features.obj("subscription_update");
  if (update) {
    const u = out.subscription_update;
    u.enabled = enabled(update, u.enabled);
    if (update.has("default_allowed_updates")) u.default_allowed_updates = update.strList("default_allowed_updates");
    u.proration_behavior = proration(update, "features[subscription_update]", u.proration_behavior);
    if (update.has("products")) {
      u.products = update.list("products").map((item, i) => {
        const product = load(c, "product", item.reqStr("product"), `features[subscription_update][products][${i}][product]`);
        const prices = item.strList("prices");
        for (const id of prices) {
          const price = load(c, "price", id, `features[subscription_update][products][${i}][prices]`);
          if (price.product !== product.id || price.recurring === null) {
            throw invalidRequest(`The price ${id} does not belong to product ${product.id} or is not recurring.`, { param: `features[subscription_update][products][${i}][prices]` });
          }
        }
        return { adjustable_quantity: { enabled: false, maximum: null, minimum: 1 }, prices, product: product.id };
      });
    }
    const conditions = update.obj("schedule_at_period_end")?.list("conditions");
    if (conditions) u.schedule_at_period_end.conditions = conditions.map((cond) => ({ type: cond.reqStr("type") }));
    if (u.enabled && u.default_allowed_updates.includes("price") && !(u.products && u.products.length > 0)) {
      throw invalidRequest("You must specify at least one product when `price` is an allowed update.", { param: "features[subscription_update][products]" });
    }
  }
  return out;
}

const CONFIG_PARAMS = {
  business_profile: "any",
  default_return_url: true,
  features: "any",
  login_page: "any",
  metadata: "hash",
  name: true,
} as const;

/** The configuration a session uses: the one named, else the account default; Stripe refuses without either. */
export function portalConfigurationFor(ctx: Ctx, id: string | undefined): PortalConfiguration {
  if (id) {
    const named = load(ctx, "billing_portal.configuration", id, "configuration");
    if (!named.active) throw invalidRequest(`The configuration ${id} is not active.`, { param: "configuration" });
    return named;
  }
  const fallback = ctx.emu.store.all("billing_portal.configuration", (cfg) => cfg.is_default && cfg.active)[0];
  if (!fallback) {
    throw invalidRequest(
      "You can’t create a portal session in test mode until you save your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.",
    );
  }
  return fallback;
}

export const billingPortalRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/billing_portal/configurations",
    params: CONFIG_PARAMS,
    handler: (c) => {
      const now = c.emu.store.now();
      const profile = c.p.obj("business_profile");
      const cfg: PortalConfiguration = {
        id: newId("bpc"),
        object: "billing_portal.configuration",
        active: true,
        application: null,
        business_profile: {
          headline: profile?.str("headline") || null,
          privacy_policy_url: profile?.str("privacy_policy_url") || null,
          terms_of_service_url: profile?.str("terms_of_service_url") || null,
        },
        created: now,
        default_return_url: c.p.str("default_return_url") || null,
        features: applyFeatures(c, undefined, c.p.obj("features")),
        // The account's first configuration becomes its default, as saving the Dashboard settings does.
        is_default: c.emu.store.all("billing_portal.configuration").length === 0,
        livemode: false,
        login_page: { enabled: false, url: null },
        metadata: applyMetadata({}, c.p.metadataPatch()),
        name: c.p.str("name") || null,
        updated: now,
      };
      c.emu.store.insert(cfg);
      return out(c, cfg);
    },
  },
  {
    method: "POST",
    path: "/v1/billing_portal/configurations/:id",
    params: { ...CONFIG_PARAMS, active: true },
    handler: (c) => {
      const cfg = load(c, "billing_portal.configuration", c.path.id ?? "");
      cfg.features = applyFeatures(c, cfg.features, c.p.obj("features"));
      const active = c.p.bool("active");
      if (active !== undefined) cfg.active = active;
      if (c.p.has("default_return_url")) cfg.default_return_url = c.p.str("default_return_url") || null;
      if (c.p.has("name")) cfg.name = c.p.str("name") || null;
      cfg.metadata = applyMetadata(cfg.metadata, c.p.metadataPatch());
      cfg.updated = c.emu.store.now();
      c.emu.store.touch();
      return out(c, cfg);
    },
  },
  { method: "GET", path: "/v1/billing_portal/configurations/:id", params: {}, handler: (c) => out(c, load(c, "billing_portal.configuration", c.path.id ?? "")) },
  {
    method: "GET",
    path: "/v1/billing_portal/configurations",
    params: { ...LIST_PARAMS, active: true, is_default: true },
    handler: (c) => {
      const active = c.p.bool("active");
      const isDefault = c.p.bool("is_default");
      const all = c.emu.store.all("billing_portal.configuration", (cfg) => (active === undefined || cfg.active === active) && (isDefault === undefined || cfg.is_default === isDefault));
      return outList(c, all, "/v1/billing_portal/configurations");
    },
  },
];
