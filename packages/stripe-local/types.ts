// Wire shapes the emulator stores and returns (API 2026-10-28.endive). Fields starting with `_` are internal
// bookkeeping and are stripped before anything leaves the server.

export type Metadata = Record<string, string>;

export interface Base {
  id: string;
  object: string;
  _seq?: number;
}

export interface List<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  total_count?: number;
  url: string;
}

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export interface Customer extends Base {
  object: "customer";
  address: Address | null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: null;
  delinquent: boolean;
  description: string | null;
  discount: null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: null;
    default_payment_method: string | null;
    footer: null;
    rendering_options: null;
  };
  livemode: false;
  metadata: Metadata;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: null;
  tax_exempt: "none" | "exempt" | "reverse";
  test_clock: string | null;
}

/** A customer's tax ID (`/v1/customers/:id/tax_ids`). */
export interface TaxId extends Base {
  object: "tax_id";
  country: string | null;
  created: number;
  customer: string | null;
  customer_account: null;
  livemode: false;
  owner: { customer: string; customer_account: null; type: "customer" } | null;
  type: string;
  value: string;
  verification: { status: "pending" | "unavailable" | "unverified" | "verified"; verified_address: string | null; verified_name: string | null } | null;
}

/** One tax amount on an invoice line or in an invoice's `total_taxes` (Stripe Tax: exclusive). */
export interface TaxAmount {
  amount: number;
  tax_behavior: "exclusive" | "inclusive";
  tax_rate_details: { tax_rate: string } | null;
  taxability_reason: "customer_exempt" | "not_collecting" | "reverse_charge" | "standard_rated";
  taxable_amount: number | null;
  type: "tax_rate_details";
}

export interface Product extends Base {
  object: "product";
  tax_details: null;
  active: boolean;
  created: number;
  default_price: string | null;
  description: string | null;
  images: string[];
  livemode: false;
  marketing_features: never[];
  metadata: Metadata;
  name: string;
  package_dimensions: null;
  shippable: null;
  statement_descriptor: null;
  tax_code: null;
  type: "service";
  unit_label: null;
  updated: number;
  url: null;
}

export type Interval = "day" | "week" | "month" | "year";

export interface Price extends Base {
  object: "price";
  active: boolean;
  billing_scheme: "per_unit";
  created: number;
  currency: string;
  custom_unit_amount: null;
  livemode: false;
  lookup_key: string | null;
  metadata: Metadata;
  nickname: string | null;
  product: string;
  recurring: {
    interval: Interval;
    interval_count: number;
    meter: null;
    trial_period_days: number | null;
    usage_type: "licensed";
  } | null;
  tax_behavior: "unspecified";
  tiers_mode: null;
  transform_quantity: null;
  type: "one_time" | "recurring";
  unit_amount: number;
  unit_amount_decimal: string;
}

export interface CardDetails {
  brand: string;
  checks: { address_line1_check: null; address_postal_code_check: null; cvc_check: string | null };
  country: string;
  display_brand: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: string;
  generated_from: null;
  last4: string;
  networks: { available: string[]; preferred: null };
  regulated_status: "unregulated";
  three_d_secure_usage: { supported: boolean };
  wallet: null;
}

export interface BillingDetails {
  address: { city: string | null; country: string | null; line1: string | null; line2: string | null; postal_code: string | null; state: string | null };
  email: string | null;
  name: string | null;
  phone: string | null;
  tax_id: null;
}

export interface PaymentMethod extends Base {
  object: "payment_method";
  customer_account: null;
  allow_redisplay: "unspecified";
  billing_details: BillingDetails;
  card: CardDetails;
  created: number;
  customer: string | null;
  livemode: false;
  metadata: Metadata;
  type: "card";
  /** Full test card number, decides the card's behaviour. */
  _number: string;
}

export interface PaymentError {
  type: "card_error" | "invalid_request_error";
  code: string;
  decline_code?: string;
  message: string;
  doc_url?: string;
  charge?: string;
  payment_method?: PaymentMethod;
}

export interface NextAction {
  type: "use_stripe_sdk";
  use_stripe_sdk: { type: "three_d_secure_redirect"; stripe_js: string; source: string };
}

export type PaymentIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "requires_capture"
  | "canceled"
  | "succeeded";

export interface PaymentIntent extends Base {
  object: "payment_intent";
  allowed_payment_method_types: string[] | null;
  application_fee_amount: null;
  customer_account: null;
  excluded_payment_method_types: null;
  managed_payments: null;
  payment_method_configuration_details: null;
  payment_record: null;
  review: null;
  source: null;
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  automatic_payment_methods: { allow_redirects: "always" | "never"; enabled: boolean } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: "automatic" | "automatic_async" | "manual";
  client_secret: string;
  confirmation_method: "automatic" | "manual";
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: PaymentError | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_options: { card: { installments: null; mandate_options: null; network: null; request_three_d_secure: "automatic" } };
  payment_method_types: string[];
  processing: null;
  receipt_email: string | null;
  setup_future_usage: "off_session" | "on_session" | null;
  shipping: null;
  statement_descriptor: null;
  statement_descriptor_suffix: null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: null;
  _invoice?: string;
  _offSession?: boolean;
}

export interface SetupIntent extends Base {
  object: "setup_intent";
  allowed_payment_method_types: null;
  excluded_payment_method_types: null;
  payment_method_configuration_details: null;
  application: null;
  automatic_payment_methods: { allow_redirects: "always" | "never"; enabled: boolean } | null;
  cancellation_reason: string | null;
  client_secret: string;
  created: number;
  customer: string | null;
  description: string | null;
  flow_directions: null;
  last_setup_error: PaymentError | null;
  latest_attempt: null;
  livemode: false;
  mandate: null;
  metadata: Metadata;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_options: { card: { mandate_options: null; network: null; request_three_d_secure: "automatic" } };
  payment_method_types: string[];
  single_use_mandate: null;
  status: "requires_payment_method" | "requires_confirmation" | "requires_action" | "processing" | "canceled" | "succeeded";
  usage: "off_session" | "on_session";
  _subscription?: string;
}

export interface Charge extends Base {
  object: "charge";
  application_fee: null;
  application_fee_amount: null;
  failure_balance_transaction: null;
  on_behalf_of: null;
  receipt_number: null;
  review: null;
  shipping: null;
  source: null;
  source_transfer: null;
  statement_descriptor: null;
  statement_descriptor_suffix: null;
  transfer_data: null;
  transfer_group: null;
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  balance_transaction: null;
  billing_details: BillingDetails;
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: boolean;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  livemode: false;
  metadata: Metadata;
  outcome: {
    advice_code: "confirm_card_data" | "do_not_try_again" | "try_again_later" | null;
    network_advice_code: string | null;
    network_decline_code: string | null;
    network_status: string;
    reason: string | null;
    risk_level: string;
    risk_score: number;
    seller_message: string;
    type: string;
  };
  paid: boolean;
  payment_intent: string | null;
  payment_method: string | null;
  payment_method_details: {
    card: {
      amount_authorized: number | null;
      authorization_code: string | null;
      brand: string;
      checks: CardDetails["checks"];
      country: string;
      exp_month: number;
      exp_year: number;
      fingerprint: string;
      electronic_commerce_indicator: string | null;
      funding: string;
      installments: null;
      last4: string;
      mandate: null;
      network: string;
      network_transaction_id: string | null;
      regulated_status: "regulated" | "unregulated" | null;
      three_d_secure: {
        authentication_flow: "challenge" | "frictionless" | null;
        electronic_commerce_indicator: string | null;
        exemption_indicator: null;
        result: string;
        result_reason: null;
        transaction_id: string | null;
        version: string;
      } | null;
      transaction_link_id: null;
      wallet: null;
    };
    type: "card";
  };
  receipt_email: string | null;
  receipt_url: string;
  refunded: boolean;
  status: "succeeded" | "pending" | "failed";
}

export interface Refund extends Base {
  object: "refund";
  customer: string | null;
  customer_account: null;
  destination_details: { card: { type: "refund" | "reversal" }; type: "card" };
  payment_method: string | null;
  receipt_number: null;
  source_transfer_reversal: null;
  transfer_reversal: null;
  amount: number;
  balance_transaction: null;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string | null;
  reason: string | null;
  status: "succeeded" | "pending" | "failed" | "canceled";
}

export interface Plan {
  id: string;
  object: "plan";
  active: boolean;
  amount: number;
  amount_decimal: string;
  billing_scheme: "per_unit";
  created: number;
  currency: string;
  interval: Interval;
  interval_count: number;
  livemode: false;
  metadata: Metadata;
  meter: null;
  nickname: string | null;
  product: string;
  tiers_mode: null;
  transform_usage: null;
  trial_period_days: number | null;
  usage_type: "licensed";
}

export interface SubscriptionItem extends Base {
  object: "subscription_item";
  billing_thresholds: null;
  current_trial: null;
  plan: Plan;
  created: number;
  current_period_end: number;
  current_period_start: number;
  discounts: string[];
  metadata: Metadata;
  price: Price;
  quantity: number;
  subscription: string;
  tax_rates: never[];
}

export type SubscriptionStatus =
  | "incomplete"
  | "incomplete_expired"
  | "trialing"
  | "active"
  | "past_due"
  | "canceled"
  | "unpaid"
  | "paused";

export interface Subscription extends Base {
  object: "subscription";
  application_fee_percent: null;
  billing_cycle_anchor_config: null;
  billing_mode: { flexible: null; type: "classic" | "flexible"; updated_at?: number };
  billing_schedules: never[];
  billing_thresholds: null;
  customer_account: null;
  default_tax_rates: never[];
  managed_payments: null;
  application: null;
  automatic_tax: { disabled_reason: null; enabled: boolean; liability: { type: "self" } | null };
  billing_cycle_anchor: number;
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  cancellation_details: { comment: string | null; feedback: string | null; feedback_option: string | null; reason: string | null };
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  customer: string;
  days_until_due: null;
  default_payment_method: string | null;
  default_source: null;
  description: string | null;
  discounts: string[];
  ended_at: number | null;
  invoice_settings: { account_tax_ids: null; custom_fields: null; description: string | null; footer: string | null; issuer: { type: "self" } };
  items: List<SubscriptionItem>;
  latest_invoice: string | null;
  livemode: false;
  metadata: Metadata;
  next_pending_invoice_item_invoice: null;
  on_behalf_of: null;
  pause_collection: null;
  payment_settings: { payment_method_options: null; payment_method_types: null; save_default_payment_method: "off" | "on_subscription" };
  pending_invoice_item_interval: null;
  pending_setup_intent: string | null;
  pending_update: null;
  schedule: null;
  start_date: number;
  status: SubscriptionStatus;
  test_clock: string | null;
  transfer_data: null;
  trial_end: number | null;
  trial_settings: { end_behavior: { billing_cycle_anchor: "now" | "unchanged" | null; missing_payment_method: "cancel" | "create_invoice" | "pause" } };
  trial_start: number | null;
  /** Unix time the first invoice stops being payable (incomplete → incomplete_expired). */
  _expiresAt?: number;
  _trialWillEndSent?: boolean;
  /** A resume waiting on its resumption invoice: the period it starts once paid, and how payment decides it. */
  _resume?: { invoice: string; period: { start: number; end: number }; behavior: ResumePaymentBehavior };
}

export type ResumePaymentBehavior = "resume_on_payment_attempt" | "resume_on_payment_success";

export interface InvoiceLine extends Base {
  object: "line_item";
  amount: number;
  currency: string;
  description: string | null;
  discount_amounts: DiscountAmount[];
  discountable: boolean;
  discounts: string[];
  invoice: string | null;
  livemode: false;
  metadata: Metadata;
  parent: {
    type: "subscription_item_details" | "invoice_item_details";
    subscription_item_details: {
      invoice_item: string | null;
      proration: boolean;
      proration_details: { credited_items: null } | null;
      subscription: string | null;
      subscription_item: string;
    } | null;
    invoice_item_details: {
      invoice_item: string;
      proration: boolean;
      proration_details: { credited_items: null } | null;
      subscription: string | null;
    } | null;
  } | null;
  period: { end: number; start: number };
  pretax_credit_amounts: never[];
  pricing: { price_details: { price: string; product: string }; type: "price_details"; unit_amount_decimal: string | null } | null;
  quantity: number | null;
  /** The same quantity as a decimal string (Stripe sends both; `quantity` is to be deprecated for it). */
  quantity_decimal: string | null;
  subscription: string | null;
  subtotal: number;
  taxes: TaxAmount[];
}

export type InvoiceStatus = "draft" | "open" | "paid" | "uncollectible" | "void";

export interface Invoice extends Base {
  object: "invoice";
  account_tax_ids: null;
  application: null;
  automatically_finalizes_at: number | null;
  custom_fields: null;
  customer_account: null;
  customer_address: Address | null;
  customer_phone: null;
  customer_shipping: null;
  customer_tax_exempt: "none" | "exempt" | "reverse";
  customer_tax_ids: { type: string; value: string }[];
  default_source: null;
  default_tax_rates: never[];
  footer: null;
  from_invoice: null;
  on_behalf_of: null;
  payment_settings: { default_mandate: null; payment_method_options: null; payment_method_types: null };
  post_payment_credit_notes_amount: number;
  pre_payment_credit_notes_amount: number;
  receipt_number: null;
  rendering: null;
  shipping_cost: null;
  shipping_details: null;
  statement_descriptor: null;
  account_country: string;
  account_name: string;
  amount_due: number;
  amount_overpaid: number;
  amount_paid: number;
  amount_remaining: number;
  amount_shipping: number;
  attempt_count: number;
  attempted: boolean;
  auto_advance: boolean;
  automatic_tax: {
    disabled_reason: null;
    enabled: boolean;
    liability: { type: "self" } | null;
    provider: "stripe" | null;
    status: "complete" | "requires_location_inputs" | null;
  };
  billing_reason: "subscription_create" | "subscription_cycle" | "subscription_update" | "manual" | "upcoming";
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  customer: string;
  customer_email: string | null;
  customer_name: string | null;
  default_payment_method: string | null;
  description: string | null;
  discounts: string[];
  due_date: null;
  effective_at: number | null;
  ending_balance: number | null;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  issuer: { type: "self" };
  last_finalization_error: null;
  latest_revision: null;
  lines: List<InvoiceLine>;
  livemode: false;
  metadata: Metadata;
  next_payment_attempt: number | null;
  number: string | null;
  parent: {
    type: "subscription_details";
    quote_details: null;
    subscription_details: { metadata: Metadata; subscription: string };
  } | null;
  period_end: number;
  period_start: number;
  starting_balance: number;
  status: InvoiceStatus;
  status_transitions: { finalized_at: number | null; marked_uncollectible_at: number | null; paid_at: number | null; voided_at: number | null };
  subtotal: number;
  subtotal_excluding_tax: number;
  test_clock: string | null;
  total: number;
  total_discount_amounts: DiscountAmount[];
  total_excluding_tax: number;
  total_pretax_credit_amounts: never[];
  total_taxes: TaxAmount[];
  webhooks_delivered_at: number | null;
  _paymentIntent?: string;
  _finalizeAt?: number;
  _firstAttemptAt?: number;
  /** No retry is possible (no card, hard decline): the end action runs when the retry window closes. */
  _dunningEndsAt?: number;
}

export interface InvoiceItem extends Base {
  object: "invoiceitem";
  amount: number;
  currency: string;
  customer: string;
  customer_account: null;
  date: number;
  description: string;
  discountable: boolean;
  discounts: string[];
  invoice: string | null;
  livemode: false;
  metadata: Metadata;
  net_amount: number;
  parent: { type: "subscription_details"; subscription_details: { subscription: string; subscription_item: string } };
  period: { end: number; start: number };
  pricing: { price_details: { price: string; product: string }; type: "price_details"; unit_amount_decimal: string };
  proration: boolean;
  quantity: number;
  /** The same quantity as a decimal string (Stripe sends both; `quantity` is to be deprecated for it). */
  quantity_decimal: string;
  tax_rates: never[];
  test_clock: string | null;
}

export interface InvoicePayment extends Base {
  object: "invoice_payment";
  amount_paid: number | null;
  amount_requested: number;
  created: number;
  currency: string;
  invoice: string;
  is_default: boolean;
  livemode: false;
  payment: { type: "payment_intent"; payment_intent: string };
  status: "open" | "paid" | "canceled";
  status_transitions: { canceled_at: number | null; paid_at: number | null };
}

export interface TestClock extends Base {
  object: "test_helpers.test_clock";
  created: number;
  deletes_after: number;
  frozen_time: number;
  livemode: false;
  name: string | null;
  status: "ready" | "advancing" | "internal_failure";
  status_details: Record<string, never>;
}

export interface StripeEvent extends Base {
  object: "event";
  api_version: string;
  context?: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface WebhookEndpoint extends Base {
  object: "webhook_endpoint";
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: false;
  metadata: Metadata;
  secret?: string;
  status: "enabled" | "disabled";
  url: string;
  _secret: string;
}

export interface CheckoutSession extends Base {
  object: "checkout.session";
  adaptive_pricing: null;
  after_expiration: null;
  allow_promotion_codes: boolean | null;
  allowed_payment_method_types: null;
  automatic_tax: { enabled: boolean; liability: { type: "self" } | null; provider: "stripe" | null; status: "complete" | "requires_location_inputs" | null };
  billing_address_collection: string | null;
  client_secret: null;
  collected_information: null;
  consent: null;
  consent_collection: null;
  currency_conversion: null;
  custom_fields: never[];
  custom_text: { after_submit: null; shipping_address: null; submit: null; terms_of_service_acceptance: null };
  customer_account: null;
  customer_creation: "always" | "if_required" | null;
  customer_details: {
    address: Address | null;
    business_name: string | null;
    email: string | null;
    individual_name: null;
    name: string | null;
    phone: null;
    tax_exempt: "none";
    tax_ids: { type: string; value: string }[];
  } | null;
  discounts: { coupon: string | null; promotion_code: string | null }[];
  integration_identifier: null;
  invoice_creation: null;
  locale: string | null;
  managed_payments: null;
  origin_context: null;
  payment_intent: null;
  payment_link: null;
  payment_method_collection: "always" | "if_required";
  payment_method_configuration_details: null;
  payment_method_options: Record<string, never>;
  payment_method_types: string[];
  permissions: null;
  phone_number_collection: { enabled: false };
  recovered_from: null;
  saved_payment_method_options: null;
  setup_intent: null;
  shipping_address_collection: null;
  shipping_cost: null;
  shipping_options: never[];
  submit_type: null;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  wallet_options: null;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: string | null;
  customer_email: string | null;
  expires_at: number;
  invoice: string | null;
  livemode: false;
  metadata: Metadata;
  mode: "subscription" | "payment" | "setup";
  payment_status: "paid" | "unpaid" | "no_payment_required";
  status: "open" | "complete" | "expired";
  subscription: string | null;
  success_url: string | null;
  amount_subtotal: number;
  amount_total: number;
  url: string | null;
  ui_mode: "hosted";
  _lineItems: { price: string; quantity: number }[];
  tax_id_collection: { enabled: boolean; required: "never" };
  /** `customer_update[address]` / `[name]` = auto: what the page collects is saved on an existing customer. */
  _customerUpdate?: { address: boolean; name: boolean };
  _subscriptionData: { automatic_tax?: boolean; trial_period_days: number | null; metadata: Metadata; missing_payment_method: "cancel" | "create_invoice" | "pause" };
}

export interface PortalSession extends Base {
  object: "billing_portal.session";
  configuration: string;
  created: number;
  customer: string;
  customer_account: null;
  flow: Record<string, unknown> | null;
  livemode: false;
  locale: null;
  on_behalf_of: null;
  return_url: string | null;
  url: string;
}

export interface PortalConfiguration extends Base {
  object: "billing_portal.configuration";
  active: boolean;
  application: null;
  business_profile: { headline: string | null; privacy_policy_url: string | null; terms_of_service_url: string | null };
  created: number;
  default_return_url: string | null;
  features: {
    customer_update: { allowed_updates: string[]; enabled: boolean };
    invoice_history: { enabled: boolean };
    payment_method_update: { enabled: boolean; payment_method_configuration: null };
    subscription_cancel: {
      cancellation_reason: { enabled: boolean; feedback_options: string[] | null; options: string[] };
      enabled: boolean;
      mode: "at_period_end" | "immediately";
      proration_behavior: "always_invoice" | "create_prorations" | "none";
    };
    /** Pausing is not offered by the emulator's portal: always disabled, as a new configuration is at Stripe. */
    subscription_pause: { duration: { interval_options: never[]; type: "indefinite" | "interval_options" }; enabled: false };
    subscription_update: {
      billing_cycle_anchor: "now" | "unchanged" | null;
      default_allowed_updates: string[];
      enabled: boolean;
      products: { adjustable_quantity: { enabled: boolean; maximum: number | null; minimum: number }; prices: string[]; product: string }[] | null;
      proration_behavior: "always_invoice" | "create_prorations" | "none";
      schedule_at_period_end: { conditions: { type: string }[] };
      trial_update_behavior: "continue_trial" | "end_trial";
    };
  };
  is_default: boolean;
  livemode: false;
  login_page: { enabled: false; url: null };
  metadata: Metadata;
  name: string | null;
  updated: number;
}

export type CouponDuration = "forever" | "once" | "repeating";

export interface Coupon extends Base {
  object: "coupon";
  amount_off: number | null;
  created: number;
  currency: string | null;
  duration: CouponDuration;
  duration_in_months: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Metadata;
  name: string | null;
  percent_off: number | null;
  redeem_by: number | null;
  times_redeemed: number;
  valid: boolean;
}

export interface PromotionCode extends Base {
  object: "promotion_code";
  active: boolean;
  code: string;
  created: number;
  customer: string | null;
  customer_account: null;
  expires_at: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Metadata;
  promotion: { coupon: string; type: "coupon" };
  restrictions: { first_time_transaction: boolean; minimum_amount: number | null; minimum_amount_currency: string | null };
  times_redeemed: number;
}

/** A coupon redeemed onto a subscription (or a Checkout Session): what invoices apply. */
export interface Discount extends Base {
  object: "discount";
  checkout_session: string | null;
  customer: string | null;
  customer_account: null;
  end: number | null;
  invoice: null;
  invoice_item: null;
  promotion_code: string | null;
  source: { coupon: string; type: "coupon" };
  start: number;
  subscription: string | null;
  subscription_item: null;
  /** A `once` discount that has been applied to its one invoice. */
  _used?: boolean;
}

export interface DiscountAmount {
  amount: number;
  discount: string;
}

export type AnyObject =
  | Customer
  | TaxId
  | Product
  | Price
  | PaymentMethod
  | PaymentIntent
  | SetupIntent
  | Charge
  | Refund
  | Subscription
  | SubscriptionItem
  | Invoice
  | InvoiceItem
  | InvoicePayment
  | TestClock
  | StripeEvent
  | WebhookEndpoint
  | CheckoutSession
  | PortalSession
  | PortalConfiguration
  | Coupon
  | PromotionCode
  | Discount;

export type ObjectName = AnyObject["object"];
export type ObjectOf<N extends ObjectName> = Extract<AnyObject, { object: N }>;
