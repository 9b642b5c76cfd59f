# The guide's stack for `npm run bench:webhooks`: a Flask handler shaped like the guide's sample
# (/work/shared/integration-guide.md, "Sample Webhook Handler"), stripe-python's construct_event, and psycopg2
# sending the app's own statement for each event (the same SQL as the app and the floor: lock the object row, find
# the tenant by the app's rule, apply the state only over an older event's, claim the event in the ledger as
# processed, audit a change once). Prepared once per connection. Served by gunicorn with sync workers; started and
# stopped by scripts/bench-webhooks.ts. `python3 flask_webhook.py --parameters` prints, for events read as a JSON
# list on stdin, the parameters this handler would send, for the bench's check.
import datetime
import json
import os
import re
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import stripe
from flask import Flask, current_app, jsonify, request

app = Flask(__name__)
app.config["STRIPE_WEBHOOK_SECRET"] = os.environ["STRIPE_WEBHOOK_SECRET"]

# libpq reads the URL itself; Prisma's query parameters (schema, pgbouncer) are not libpq's.
_url = urlsplit(os.environ["DATABASE_URL"])
DSN = urlunsplit((_url.scheme, _url.netloc, _url.path, "", ""))

# The app's own statements (scripts/bench/webhook-statements.ts), one per event type of the bench's mix, written
# by scripts/bench-webhooks.ts before it starts this server: every target does the same database work, and this
# handler computes the same parameters from the event, in the builders' order (lib/records/versioned-row.ts, the
# record modules, lib/stripe/mappers.ts). The bench checks, before it measures, that they equal the app's.
with open(os.environ["BENCH_STATEMENTS"], encoding="utf-8") as _file:
    STATEMENTS = json.load(_file)


def _time(seconds):
    """A Stripe timestamp as the app sends it (UTC, milliseconds), or None."""
    if seconds is None:
        return None
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _id(value):
    return value if value is None or isinstance(value, str) else value["id"]


def _json(value):
    return json.dumps(value, separators=(",", ":"))


def _subscription(obj):
    item = obj["items"]["data"][0]
    details = obj.get("cancellation_details") or {}
    status = obj["status"]
    discounts = obj.get("discounts") or []
    if discounts:
        raise ValueError("the bench's subscriptions carry no discounts")
    values = [status, item["price"]["id"], item["price"]["id"], item.get("quantity", 1),
              _time(item.get("current_period_start")), _time(item.get("current_period_end")),
              obj["cancel_at_period_end"], _time(obj.get("cancel_at")), _time(obj.get("canceled_at")),
              _time(obj.get("ended_at")), _time(obj.get("trial_end")), _id(obj.get("default_payment_method")),
              _id(obj.get("latest_invoice")), details.get("reason"), details.get("feedback"), details.get("comment"),
              "[]", []]
    audit = ["subscription.status_changed", _json({"stripeSubscriptionId": obj["id"], "status": status}), status]
    return (obj.get("metadata") or {}).get("tenantId"), True, values, audit


def _invoice(obj):
    details = (obj.get("parent") or {}).get("subscription_details") or {}
    if obj.get("total_taxes") or obj.get("total_discount_amounts"):
        raise ValueError("the bench's invoices carry no tax and no discount")
    status = obj.get("status") or "draft"
    values = [_id(details.get("subscription")), obj.get("number"), status, obj.get("billing_reason"),
              obj["amount_due"], obj["amount_paid"], obj["amount_remaining"], obj["total"], None, False, 0,
              obj["currency"], obj.get("attempt_count") or 0, _time(obj.get("next_payment_attempt")),
              obj.get("hosted_invoice_url"), obj.get("invoice_pdf"), _time(obj.get("period_start")),
              _time(obj.get("period_end")), _time(obj["created"]), _time((obj.get("status_transitions") or {}).get("paid_at"))]
    audit = ["invoice.status_changed",
             _json({"stripeInvoiceId": obj["id"], "status": status, "amountPaid": obj["amount_paid"]}), status]
    tenant = (details.get("metadata") or {}).get("tenantId") or (obj.get("metadata") or {}).get("tenantId")
    return tenant, False, values, audit


def _payment(obj):
    card = (obj.get("payment_method_details") or {}).get("card") or {}
    values = [_id(obj.get("payment_intent")), obj["amount"], obj["amount_refunded"], obj["currency"], obj["status"],
              obj["refunded"], obj.get("failure_code"), obj.get("failure_message"), card.get("brand"),
              card.get("last4"), obj.get("receipt_url"), _time(obj["created"])]
    after = {"stripeChargeId": obj["id"], "amountRefunded": obj["amount_refunded"], "refunded": obj["refunded"]}
    audit = ["payment.refunded", obj["id"], _json(after), obj["amount_refunded"]]
    return (obj.get("metadata") or {}).get("tenantId"), False, values, audit


# The ledger's copy of an event, redacted as the app redacts it (lib/webhooks/redact-payload.ts, lib/log.ts
# `redactText`): personal fields and secrets masked, card details nulled, an oversized copy replaced by a stub.
PERSONAL_KEYS = {"name", "email", "phone", "address", "shipping", "billing_details", "customer_details", "customer_name",
                 "customer_email", "customer_phone", "customer_address", "customer_shipping", "customer_tax_ids",
                 "receipt_email", "individual_name", "account_holder_name"}
CARD_KEYS = {"brand", "display_brand", "last4", "dynamic_last4", "exp_month", "exp_year", "fingerprint", "iin"}
SECRET_KEYS = {"client_secret", "secret", "cvc", "password", "authorization", "cookie", "stripe-signature"}
NUMBERED_DOCUMENTS = {"invoice", "credit_note", "quote"}
SECRET_LIKE = re.compile(r"""\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9]+|whsec_[A-Za-z0-9+/=_]+|(?:pi|seti)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+|postgres(?:ql)?://[^\s"']+""", re.ASCII)
CARD_LIKE = re.compile(r"\b(?:\d[ -]?){12,18}\d\b", re.ASCII)
MAX_STORED_PAYLOAD_BYTES = 64 * 1024


def _redact_any(value, depth):
    if isinstance(value, str):
        return CARD_LIKE.sub("[redacted-card]", SECRET_LIKE.sub("[redacted]", value))
    if isinstance(value, list):
        return "[depth]" if depth > 12 else [_redact_any(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return "[depth]" if depth > 12 else _redact_object(value, depth + 1)
    return value


def _redact_object(value, depth):
    kind = value.get("object")
    keeps_number = isinstance(kind, str) and kind in NUMBERED_DOCUMENTS
    out = {}
    for key, inner in value.items():
        if inner is None:
            out[key] = None
        elif key in SECRET_KEYS or key in PERSONAL_KEYS:
            out[key] = "[redacted]"
        elif key in CARD_KEYS:
            out[key] = None
        elif key == "number" and not keeps_number:
            out[key] = "[redacted]"
        else:
            out[key] = _redact_any(inner, depth)
    return out


def redacted_payload(event):
    """The ledger's copy of the event as JSON text."""
    text = _json(_redact_object(event, 0))
    size = len(text.encode("utf-8"))
    if size <= MAX_STORED_PAYLOAD_BYTES:
        return text
    obj = event["data"]["object"]
    return _json({"id": event["id"], "type": event["type"], "created": event["created"], "truncated": True, "bytes": size,
                  "data": {"object": {"id": obj.get("id"), "object": obj.get("object")}}})


RECORDS = {"customer.subscription.": _subscription, "invoice.": _invoice, "charge.": _payment}


def parameters(event, payload):
    """The parameters of the app's statement for this event, in its order."""
    obj = event["data"]["object"]
    event_id, kind, created = event["id"], event["type"], event["created"]
    record = next((fn for prefix, fn in RECORDS.items() if kind.startswith(prefix)), None)
    if record is None:
        return [event_id, kind, created, obj.get("id")]
    tenant, links_customer, values, audit = record(obj)
    customer, key = _id(obj.get("customer")), obj["id"]
    params = [key, tenant, tenant, customer, tenant, customer, tenant, customer]
    if links_customer:
        params += [customer, customer, customer]
    params += [str(uuid.uuid4()), key, *values, created, event_id, event_id]
    params += [event_id, kind, created, payload, key, created, created, event_id]
    params += [str(uuid.uuid4()), f"stripe:{event_id}", *audit]
    if STATEMENTS[kind]["emailing"]:
        params.append(event_id)
    return params


def _declined(event, answer):
    """lib/webhooks/apply-in-one-statement.ts `outcomeOf`: neither claimed nor settled before (a raced first write)."""
    if answer is None:
        return False
    claimed, tenant_id, _row_id, _written, _linked, old_created, old_event_id = answer
    if claimed and tenant_id:
        return False
    settled = old_created is not None and (int(old_created) > event["created"] or
                                           (int(old_created) == event["created"] and old_event_id == event["id"]))
    return not (tenant_id is not None and settled)


_connection = None


def connection():
    """One connection per sync worker, the statements prepared once."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(DSN)
        _connection.autocommit = True
        with _connection.cursor() as cur:
            # Types that share a statement (a subscription's created and updated) share its name.
            for name, text in {s["name"]: s["text"] for s in STATEMENTS.values()}.items():
                cur.execute(f"PREPARE {name} AS {text}")
    return _connection


class StripeEventHandler:
    def handle_event(self, event):
        statement = STATEMENTS[event["type"]]
        params = parameters(event, redacted_payload(event))
        with connection().cursor() as cur:
            # Sent again while it declines, as the floor does (scripts/bench/webhook-statements.ts `declined`).
            for _ in range(3):
                cur.execute(f"EXECUTE {statement['name']} ({', '.join(['%s'] * len(params))})", params)
                if not _declined(event, cur.fetchone() if cur.description else None):
                    return "", 200
        raise RuntimeError(f"{event['id']}: declined three times")


@app.route("/api/webhooks/stripe", methods=["POST"])
def stripe_webhook():
    payload = request.get_data(as_text=True)
    sig_header = request.headers.get("Stripe-Signature")

    try:
        event = stripe.Webhook.construct_event(payload, sig_header, current_app.config["STRIPE_WEBHOOK_SECRET"])
    except ValueError as e:
        current_app.logger.error(f"Invalid Stripe payload: {e}")
        return jsonify({"error": "Invalid payload"}), 400
    except stripe.error.SignatureVerificationError as e:
        current_app.logger.error(f"Invalid Stripe signature: {e}")
        return jsonify({"error": "Invalid signature"}), 400

    event_handler = StripeEventHandler()
    return event_handler.handle_event(event)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--parameters"]:
        sys.exit("usage: flask_webhook.py --parameters < events.json")
    json.dump([parameters(event, redacted_payload(event)) for event in json.load(sys.stdin)], sys.stdout)
