// JSON Schemas for the Stripe objects the app uses, generated from the stripe-node typings (ts-json-schema-generator)
// the first time the contract suite needs them, and cached per SDK version. Strict: every required field, each
// field's type, and no field the typings do not document (additionalProperties: false).

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { createGenerator, ExposeNodeParser } from "ts-json-schema-generator";
import { API_VERSION } from "./context";

const TYPES = path.join(import.meta.dirname, "contract-schema-types.ts");

/** Where `stripe` resolves from this package (a workspace hoists it to the root's node_modules). */
function sdkPackageJson(): string {
  const entry = createRequire(import.meta.url).resolve("stripe");
  const marker = `${path.sep}node_modules${path.sep}stripe${path.sep}`;
  return path.join(entry.slice(0, entry.lastIndexOf(marker) + marker.length), "package.json");
}

function sdkVersion(): string {
  return (JSON.parse(readFileSync(sdkPackageJson(), "utf8")) as { version: string }).version;
}

type Schema = { definitions?: Record<string, unknown> } & Record<string, unknown>;

let patched = false;
/**
 * The typings declare many interfaces of the same name in different files (`Card` for payment methods, issuing,
 * …); the generator names definitions by their in-file name only, so they would collide. Prefix the file.
 */
function patchDefinitionNames(): void {
  if (patched) return;
  patched = true;
  // A protected method of the generator's parser: reached through a structural view of the prototype.
  type Named = { getDefinitionName(node: { getSourceFile(): { fileName: string } }, context: unknown): string };
  const proto = ExposeNodeParser.prototype as unknown as Named;
  const original = proto.getDefinitionName;
  proto.getDefinitionName = function (this: Named, node, context) {
    const name = original.call(this, node, context);
    const file = node.getSourceFile().fileName.replace(/.*node_modules\/stripe\/(esm|cjs)\//, "").replace(/\.d\.ts$/, "").replace(/[/.]/g, "_");
    return file.includes("contract-schema-types") ? name : `${file}__${name}`;
  };
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The schema document (one definition per typings interface, named `<file>__<name>`), cached per SDK version. */
export function loadSchemas(): Schema {
  const types = readFileSync(TYPES, "utf8");
  const key = createHash("sha256").update(`${sdkVersion()}\n${types}`).digest("hex").slice(0, 16);
  const cacheDir = path.join(os.tmpdir(), "stripe-contract-schemas");
  const cacheFile = path.join(cacheDir, `stripe-${sdkVersion()}-${key}.json`);
  const lock = `${cacheFile}.lock`;
  mkdirSync(cacheDir, { recursive: true });
  // Generation takes a minute or more on a busy machine: one test worker does it, the others wait for it.
  for (let waited = 0; !existsSync(cacheFile) && existsSync(lock) && waited < 400; waited++) sleep(500);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as Schema;
  writeFileSync(lock, String(process.pid));
  try {
    patchDefinitionNames();
    const generator = createGenerator({
      path: TYPES,
      tsconfig: path.join(import.meta.dirname, "tsconfig.json"),
      type: "*",
      skipTypeCheck: true,
      additionalProperties: false,
      expose: "export",
      topRef: false,
      jsDoc: "none",
    });
    const schema = generator.createSchema("*") as Schema;
    writeFileSync(`${cacheFile}.tmp`, JSON.stringify(schema));
    writeFileSync(cacheFile, readFileSync(`${cacheFile}.tmp`));
    rmSync(`${cacheFile}.tmp`, { force: true });
    return schema;
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Stripe's `object` value → the typings interface that describes it. */
const DEFINITIONS: Record<string, string> = {
  customer: "resources_Customers__Customer",
  tax_id: "resources_TaxIds__TaxId",
  product: "resources_Products__Product",
  price: "resources_Prices__Price",
  payment_method: "resources_PaymentMethods__PaymentMethod",
  payment_intent: "resources_PaymentIntents__PaymentIntent",
  setup_intent: "resources_SetupIntents__SetupIntent",
  charge: "resources_Charges__Charge",
  refund: "resources_Refunds__Refund",
  subscription: "resources_Subscriptions__Subscription",
  subscription_item: "resources_SubscriptionItems__SubscriptionItem",
  invoice: "resources_Invoices__Invoice",
  invoiceitem: "resources_InvoiceItems__InvoiceItem",
  invoice_payment: "resources_InvoicePayments__InvoicePayment",
  line_item: "resources_InvoiceLineItems__InvoiceLineItem",
  webhook_endpoint: "resources_WebhookEndpoints__WebhookEndpoint",
  "checkout.session": "resources_Checkout_Sessions__Session",
  "billing_portal.session": "resources_BillingPortal_Sessions__Session",
  "billing_portal.configuration": "resources_BillingPortal_Configurations__Configuration",
  "test_helpers.test_clock": "resources_TestHelpers_TestClocks__TestClock",
  coupon: "resources_Coupons__Coupon",
  promotion_code: "resources_PromotionCodes__PromotionCode",
  discount: "resources_Discounts__Discount",
};

/** The version the stripe-node typings (and so these schemas) describe. */
const PINNED_VERSION = API_VERSION;

const EVENT_FIELDS = ["id", "object", "account", "api_version", "context", "created", "data", "livemode", "pending_webhooks", "request", "type"];
const EVENT_REQUIRED = ["id", "object", "api_version", "created", "data", "livemode", "pending_webhooks", "request", "type"];

/**
 * Embedded lists (`invoice.lines`, `subscription.items`) carry `total_count` on the wire, which the typings' ApiList
 * does not declare: dropped before validation rather than counted as undocumented.
 */
function withoutListCounts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutListCounts);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === "total_count" && (value as { object?: unknown }).object === "list") continue;
    out[key] = withoutListCounts(inner);
  }
  return out;
}

export type ContractFailure = { where: string; object: string; errors: string[] };

export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  // No allow-list: every missing required field, wrong type or undocumented field is a failure.
  readonly counts = { responses: 0, events: 0, objects: 0, unknownObjects: 0, otherVersionEvents: 0 };
  readonly failures: ContractFailure[] = [];

  constructor(private readonly schema: Schema = loadSchemas()) {
    this.ajv = new Ajv({ allErrors: true, strict: false });
    // The SDK parses `*_decimal` fields into a Decimal class (the typings describe that class); the wire sends
    // them as decimal strings.
    const definitions = { ...schema.definitions, Decimal__Decimal: { type: "string", pattern: "^-?\\d+(\\.\\d+)?$" } };
    this.ajv.addSchema({ ...schema, definitions, $id: "stripe" });
    this.schema = { ...schema, definitions };
  }

  private validatorFor(object: string): ValidateFunction | undefined {
    const key = DEFINITIONS[object];
    if (!key || !this.schema.definitions?.[key]) return undefined;
    let v = this.validators.get(key);
    if (!v) {
      v = this.ajv.compile({ $ref: `stripe#/definitions/${key}` });
      this.validators.set(key, v);
    }
    return v;
  }

  /** Validates one object by its `object` field; lists and deleted stubs are walked or skipped. */
  validateObject(value: unknown, where: string): void {
    if (!value || typeof value !== "object" || Array.isArray(value)) return;
    const obj = value as Record<string, unknown>;
    if (obj.object === "list" || obj.object === "search_result") {
      for (const item of Array.isArray(obj.data) ? obj.data : []) this.validateObject(item, `${where}[]`);
      return;
    }
    if (typeof obj.object !== "string" || obj.deleted === true) return;
    if (obj.object === "event") {
      this.counts.events += 1;
      const data = obj.data as { object?: unknown } | undefined;
      // An event rendered for another API version (an endpoint or account default set so) has that version's
      // shape; the schemas are the pinned version's.
      if (obj.api_version !== PINNED_VERSION) {
        this.counts.otherVersionEvents += 1;
        return;
      }
      // Stripe.Event's data.object is the union of every object; check it against its own type instead.
      this.validateObject(data?.object, `${where} ${String(obj.type)} data.object`);
      // The envelope: Stripe.Event is a union over every type, so its fields are checked here by name.
      const missing = EVENT_REQUIRED.filter((field) => !(field in obj));
      const extra = Object.keys(obj).filter((field) => !EVENT_FIELDS.includes(field));
      if (missing.length + extra.length > 0) {
        this.failures.push({ where, object: "event", errors: [...missing.map((f) => `missing ${f}`), ...extra.map((f) => `undocumented ${f}`)] });
      }
      return;
    }
    this.check(obj.object, obj, where);
  }

  private check(object: string, value: unknown, where: string, keep: (error: string) => boolean = () => true): void {
    const validate = this.validatorFor(object);
    if (!validate) {
      this.counts.unknownObjects += 1;
      return;
    }
    this.counts.objects += 1;
    if (validate(withoutListCounts(value))) return;
    const errors = (validate.errors ?? [])
      .filter((e) => e.keyword !== "anyOf" && e.keyword !== "type" || e.keyword === "type" && !(validate.errors ?? []).some((o) => o.keyword === "anyOf" && o.instancePath === e.instancePath))
      .map((e) => `${e.instancePath || "/"} ${e.message ?? ""}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`)
      .filter(keep);
    if (errors.length > 0) this.failures.push({ where, object, errors: [...new Set(errors)].slice(0, 12) });
  }

  validateResponse(method: string, url: string, status: number, body: unknown): void {
    if (status >= 400) return;
    this.counts.responses += 1;
    this.validateObject(body, `${method} ${url}`);
  }
}
