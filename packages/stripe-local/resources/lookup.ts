// Loads an object by id or answers Stripe's 404 ("No such customer: 'cus_x'").

import type { Ctx } from "../context";
import { resourceMissing } from "../errors";
import type { ObjectName, ObjectOf } from "../types";

const NOUNS: Partial<Record<ObjectName, string>> = {
  customer: "customer",
  product: "product",
  price: "price",
  payment_method: "PaymentMethod",
  payment_intent: "payment_intent",
  setup_intent: "setup_intent",
  charge: "charge",
  refund: "refund",
  subscription: "subscription",
  invoice: "invoice",
  invoiceitem: "invoiceitem",
  invoice_payment: "invoice_payment",
  "test_helpers.test_clock": "test_clock",
  event: "event",
  webhook_endpoint: "webhook_endpoint",
  "checkout.session": "checkout.session",
  "billing_portal.session": "billing_portal.session",
  "billing_portal.configuration": "billing_portal.configuration",
  coupon: "coupon",
  promotion_code: "promotion code",
};

export function load<N extends ObjectName>(ctx: Ctx, type: N, id: string, param = "id"): ObjectOf<N> {
  const obj = ctx.emu.store.get(type, id);
  if (!obj) throw resourceMissing(NOUNS[type] ?? type, id, param);
  return obj;
}
