// Products and prices (with lookup_key and the `lookup_keys[]` list filter).

import { invalidRequest, parameterInvalid } from "../errors";
import { emit, updateWithEvent } from "../events";
import { applyMetadata, Params } from "../params";
import { LIST_PARAMS } from "../pagination";
import { deleted, out, outList, type HandlerCtx, type Route } from "../router";
import { newId } from "../store";
import type { Interval, Price, Product } from "../types";
import { load } from "./lookup";

const INTERVALS = new Set(["day", "week", "month", "year"]);

function createProduct(c: HandlerCtx, p: Params, id?: string): Product {
  const now = c.emu.store.now();
  const product: Product = {
    id: id ?? newId("prod"),
    object: "product",
    tax_details: null,
    active: p.bool("active") ?? true,
    created: now,
    default_price: null,
    description: p.str("description") || null,
    images: p.strList("images"),
    livemode: false,
    marketing_features: [],
    metadata: applyMetadata({}, p.metadataPatch()),
    name: p.reqStr("name"),
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: "service",
    unit_label: null,
    updated: now,
    url: null,
  };
  if (c.emu.store.getAny(product.id)) throw invalidRequest(`Product already exists.`, { code: "resource_already_exists", param: "id" });
  c.emu.store.insert(product);
  emit(c, "product.created", product);
  return product;
}

function createPrice(c: HandlerCtx, p: Params): Price {
  const currency = p.reqStr("currency").toLowerCase();
  const unitAmount = p.int("unit_amount") ?? (p.str("unit_amount_decimal") ? Math.round(Number(p.str("unit_amount_decimal"))) : undefined);
  if (unitAmount === undefined) throw invalidRequest("Missing required param: unit_amount.", { code: "parameter_missing", param: "unit_amount" });
  if (unitAmount < 0 || !Number.isFinite(unitAmount)) throw parameterInvalid("unit_amount", "Invalid integer: unit_amount must be non-negative.", "parameter_invalid_integer");
  let productId = p.str("product");
  const productData = p.obj("product_data");
  if (!productId && productData) productId = createProduct(c, productData).id;
  if (!productId) throw invalidRequest("Missing required param: product.", { code: "parameter_missing", param: "product" });
  load(c, "product", productId, "product");
  const rec = p.obj("recurring");
  let recurring: Price["recurring"] = null;
  if (rec) {
    const interval = rec.reqStr("interval");
    if (!INTERVALS.has(interval)) throw parameterInvalid("recurring[interval]", `Invalid recurring[interval]: must be one of day, week, month, or year`);
    const count = rec.int("interval_count") ?? 1;
    if (count < 1) throw parameterInvalid("recurring[interval_count]", "Invalid recurring[interval_count]", "parameter_invalid_integer");
    recurring = { interval: interval as Interval, interval_count: count, meter: null, trial_period_days: rec.int("trial_period_days") ?? null, usage_type: "licensed" };
  }
  const lookupKey = p.str("lookup_key") || null;
  if (lookupKey) {
    const clash = c.emu.store.all("price", (x) => x.lookup_key === lookupKey)[0];
    if (clash) {
      if (p.bool("transfer_lookup_key")) {
        updateWithEvent(c, "price.updated", clash, () => {
          clash.lookup_key = null;
        });
      } else {
        throw invalidRequest(`A price (\`${clash.id}\`) already uses that lookup key.`, { code: "lookup_key_already_exists", param: "lookup_key" });
      }
    }
  }
  const price: Price = {
    id: newId("price"),
    object: "price",
    active: p.bool("active") ?? true,
    billing_scheme: "per_unit",
    created: c.emu.store.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata: applyMetadata({}, p.metadataPatch()),
    nickname: p.str("nickname") || null,
    product: productId,
    recurring,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: unitAmount,
    unit_amount_decimal: String(unitAmount),
  };
  c.emu.store.insert(price);
  emit(c, "price.created", price);
  return price;
}

const PRODUCT_PARAMS = {
  id: true,
  name: true,
  active: true,
  description: true,
  images: [true],
  metadata: "hash",
  default_price_data: "any",
  marketing_features: "any",
  statement_descriptor: true,
  tax_code: true,
  unit_label: true,
  url: true,
  shippable: true,
} as const;

const PRICE_PARAMS = {
  currency: true,
  unit_amount: true,
  unit_amount_decimal: true,
  product: true,
  product_data: { name: true, metadata: "hash", active: true },
  recurring: { interval: true, interval_count: true, trial_period_days: true, usage_type: true },
  lookup_key: true,
  transfer_lookup_key: true,
  nickname: true,
  active: true,
  metadata: "hash",
  tax_behavior: true,
  billing_scheme: true,
} as const;

export const productRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/products",
    params: PRODUCT_PARAMS,
    handler: (c) => {
      const product = createProduct(c, c.p, c.p.str("id"));
      const dp = c.p.obj("default_price_data");
      if (dp) {
        const raw = { ...dp.raw, product: product.id };
        const price = createPrice(c, new Params(raw));
        product.default_price = price.id;
      }
      return out(c, product);
    },
  },
  { method: "GET", path: "/v1/products/:id", params: {}, handler: (c) => out(c, load(c, "product", c.path.id ?? "")) },
  {
    method: "POST",
    path: "/v1/products/:id",
    params: { ...PRODUCT_PARAMS, default_price: true },
    handler: (c) => {
      const product = load(c, "product", c.path.id ?? "");
      updateWithEvent(c, "product.updated", product, () => {
        const name = c.p.str("name");
        if (name) product.name = name;
        if (c.p.has("description")) product.description = c.p.str("description") || null;
        const active = c.p.bool("active");
        if (active !== undefined) product.active = active;
        if (c.p.has("default_price")) product.default_price = c.p.str("default_price") || null;
        product.metadata = applyMetadata(product.metadata, c.p.metadataPatch());
        product.updated = c.emu.store.now();
      });
      return out(c, product);
    },
  },
  {
    method: "DELETE",
    path: "/v1/products/:id",
    params: {},
    handler: (c) => {
      const product = load(c, "product", c.path.id ?? "");
      if (c.emu.store.all("price", (p) => p.product === product.id).length > 0) {
        throw invalidRequest("This product cannot be deleted because it has one or more user-created prices.", { code: "product_has_prices" });
      }
      c.emu.store.delete(product.id);
      emit(c, "product.deleted", product);
      return deleted(product.id, "product");
    },
  },
  {
    method: "GET",
    path: "/v1/products",
    params: { ...LIST_PARAMS, active: true, ids: [true], created: "any", url: true, shippable: true },
    handler: (c) => {
      const active = c.p.bool("active");
      const ids = c.p.strList("ids");
      return outList(
        c,
        c.emu.store.all("product", (x) => (active === undefined || x.active === active) && (ids.length === 0 || ids.includes(x.id))),
        "/v1/products",
      );
    },
  },
  { method: "POST", path: "/v1/prices", params: PRICE_PARAMS, handler: (c) => out(c, createPrice(c, c.p)) },
  { method: "GET", path: "/v1/prices/:id", params: {}, handler: (c) => out(c, load(c, "price", c.path.id ?? "")) },
  {
    method: "POST",
    path: "/v1/prices/:id",
    params: { active: true, metadata: "hash", nickname: true, lookup_key: true, transfer_lookup_key: true, tax_behavior: true },
    handler: (c) => {
      const price = load(c, "price", c.path.id ?? "");
      const lookupKey = c.p.str("lookup_key");
      if (lookupKey) {
        const clash = c.emu.store.all("price", (x) => x.lookup_key === lookupKey && x.id !== price.id)[0];
        if (clash && !c.p.bool("transfer_lookup_key")) {
          throw invalidRequest(`A price (\`${clash.id}\`) already uses that lookup key.`, { code: "lookup_key_already_exists", param: "lookup_key" });
        }
        if (clash) updateWithEvent(c, "price.updated", clash, () => (clash.lookup_key = null));
      }
      updateWithEvent(c, "price.updated", price, () => {
        const active = c.p.bool("active");
        if (active !== undefined) price.active = active;
        if (c.p.has("nickname")) price.nickname = c.p.str("nickname") || null;
        if (c.p.has("lookup_key")) price.lookup_key = lookupKey || null;
        price.metadata = applyMetadata(price.metadata, c.p.metadataPatch());
      });
      return out(c, price);
    },
  },
  {
    method: "GET",
    path: "/v1/prices",
    params: { ...LIST_PARAMS, active: true, currency: true, product: true, type: true, lookup_keys: [true], recurring: "any", created: "any" },
    handler: (c) => {
      const active = c.p.bool("active");
      const product = c.p.str("product");
      const currency = c.p.str("currency");
      const type = c.p.str("type");
      const keys = c.p.strList("lookup_keys");
      return outList(
        c,
        c.emu.store.all(
          "price",
          (x) =>
            (active === undefined || x.active === active) &&
            (!product || x.product === product) &&
            (!currency || x.currency === currency) &&
            (!type || x.type === type) &&
            (keys.length === 0 || (x.lookup_key !== null && keys.includes(x.lookup_key))),
        ),
        "/v1/prices",
      );
    },
  },
];
