# The guide's stack for `npm run bench:webhooks`: a Flask handler shaped like the guide's sample
# (/work/shared/integration-guide.md, "Sample Webhook Handler"), stripe-python's construct_event, and psycopg2
# running the same work as the app's one statement per event: lock the object row, find the tenant, apply the
# state only over an older event's, claim the event in the ledger as processed, audit a change once. Prepared once
# per connection. Served by gunicorn with sync workers; started and stopped by scripts/bench-webhooks.ts.
import datetime
import json
import os
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

# Per table: the columns an event sets, as (column, SQL type) in parameter order after the common ones.
TABLES = {
    "Subscription": ("stripeSubscriptionId", [("status", '"SubscriptionStatus"'), ("stripePriceId", "text"),
        ("currentPeriodStart", "timestamp(3)"), ("currentPeriodEnd", "timestamp(3)"), ("cancelAtPeriodEnd", "boolean")]),
    "Invoice": ("stripeInvoiceId", [("status", "text"), ("amountDue", "int"), ("amountPaid", "int"),
        ("amountRemaining", "int"), ("total", "int"), ("currency", "text"), ("stripeCreatedAt", "timestamp(3)")]),
    "Payment": ("stripeChargeId", [("amount", "int"), ("amountRefunded", "int"), ("currency", "text"),
        ("status", "text"), ("stripeCreatedAt", "timestamp(3)")]),
}


# The event types that may email the tenant (lib/mail/billing-emails.ts `mayCauseBillingEmail`, for the bench's
# mix): like the app, their claim also queues the decision of the emails (a row in "PendingEmailDecision"), made
# never due (the app's decider, on the same database, must not do this target's decisions).
EMAILING_TYPES = {"invoice.paid", "invoice.payment_failed", "invoice.payment_action_required",
                  "customer.subscription.trial_will_end", "customer.subscription.deleted", "charge.refunded"}

DECISION = """,
    "after_claim" AS (INSERT INTO "PendingEmailDecision" ("runAt", "eventId") SELECT 'infinity'::timestamptz, $3::text FROM "claim"
      ON CONFLICT ("eventId") DO NOTHING RETURNING 1)"""


def statement(table, emails=False):
    key, columns = TABLES[table]
    # $1 key, $2 customer, $3 event id, $4 created, $5 type, $6 payload, $7 row id, $8 audit id, then the columns.
    values = ", ".join(f"${i + 9}::{kind}" for i, (_, kind) in enumerate(columns))
    names = ", ".join(f'"{name}"' for name, _ in columns)
    sets = ", ".join(f'"{name}" = EXCLUDED."{name}"' for name, _ in columns)
    return f'''
    WITH "old" AS (SELECT * FROM "{table}" WHERE "{key}" = $1::text FOR UPDATE),
    "tenant" AS (SELECT COALESCE((SELECT "tenantId" FROM "old"),
      (SELECT "id" FROM "Tenant" WHERE "stripeCustomerId" = $2::text LIMIT 1)) AS "id"),
    "written" AS (
      INSERT INTO "{table}" ("id", "tenantId", "{key}", {names}, "lastEventCreated", "lastEventId", "updatedAt")
      SELECT $7::text, "tenant"."id", $1::text, {values}, $4::int, $3::text, now() FROM "tenant"
      WHERE "tenant"."id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "WebhookEvent" WHERE "id" = $3::text AND "status" IN ('processed', 'ignored'))
      ON CONFLICT ("{key}") DO UPDATE SET {sets}, "lastEventCreated" = EXCLUDED."lastEventCreated",
        "lastEventId" = EXCLUDED."lastEventId", "updatedAt" = now()
      WHERE "{table}"."lastEventCreated" < EXCLUDED."lastEventCreated"
      RETURNING "id"),
    "claim" AS (
      INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt", "processedAt", "tenantId")
      SELECT $3::text, $5::text, $4::int, 'processed', 1, $6::jsonb, $1::text, now(), now(), "tenant"."id" FROM "tenant"
      WHERE "tenant"."id" IS NOT NULL AND (EXISTS (SELECT 1 FROM "written") OR EXISTS (SELECT 1 FROM "old"
        WHERE "lastEventCreated" > $4::int OR ("lastEventCreated" = $4::int AND "lastEventId" = $3::text)))
      ON CONFLICT ("id") DO UPDATE SET "status" = 'processed', "attempts" = "WebhookEvent"."attempts" + 1,
        "processedAt" = now(), "lastError" = NULL, "tenantId" = EXCLUDED."tenantId"
      WHERE "WebhookEvent"."status" IN ('received', 'failed')
      RETURNING 1),
    "audit" AS (
      INSERT INTO "AuditLog" ("id", "tenantId", "actor", "action", "after")
      SELECT $8::text, "tenant"."id", 'stripe:' || $3::text, '{table.lower()}.synced', $6::jsonb -> 'data' -> 'object' -> 'id'
      FROM "tenant" WHERE EXISTS (SELECT 1 FROM "written") AND EXISTS (SELECT 1 FROM "claim")){DECISION if emails else ""}
    SELECT EXISTS (SELECT 1 FROM "claim")'''


IGNORED = '''INSERT INTO "WebhookEvent" ("id", "type", "stripeCreated", "status", "attempts", "payload", "objectId", "receivedAt", "processedAt")
  VALUES ($1, $2, $3, 'ignored', 1, $4::jsonb, $5, now(), now()) ON CONFLICT ("id") DO NOTHING'''

_connection = None


def connection():
    """One connection per sync worker, its statements prepared once."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(DSN)
        _connection.autocommit = True
        with _connection.cursor() as cur:
            for table in TABLES:
                cur.execute(f"PREPARE write_{table.lower()} AS {statement(table)}")
                cur.execute(f"PREPARE write_{table.lower()}_emailing AS {statement(table, emails=True)}")
            cur.execute(f"PREPARE record_ignored AS {IGNORED}")
    return _connection



class StripeEventHandler:
    def handle_event(self, event):
        obj = event["data"]["object"]
        kind = event["type"]
        payload = json.dumps(event)
        with connection().cursor() as cur:
            if kind.startswith("customer.subscription."):
                item = obj["items"]["data"][0]
                args = [obj["status"], item["price"]["id"], _time(item["current_period_start"]),
                        _time(item["current_period_end"]), obj["cancel_at_period_end"]]
                self.write(cur, "subscription", obj, event, payload, args)
            elif kind.startswith("invoice."):
                args = [obj["status"], obj["amount_due"], obj["amount_paid"], obj["amount_remaining"], obj["total"],
                        obj["currency"], _time(obj["created"])]
                self.write(cur, "invoice", obj, event, payload, args)
            elif kind.startswith("charge."):
                args = [obj["amount"], obj["amount_refunded"], obj["currency"], obj["status"], _time(obj["created"])]
                self.write(cur, "payment", obj, event, payload, args)
            else:
                cur.execute("EXECUTE record_ignored (%s, %s, %s, %s, %s)",
                            (event["id"], kind, event["created"], payload, obj.get("id")))
        return "", 200

    def write(self, cur, name, obj, event, payload, args):
        params = [obj["id"], obj["customer"], event["id"], event["created"], event["type"], payload,
                  str(uuid.uuid4()), str(uuid.uuid4()), *args]
        statement_name = f"write_{name}_emailing" if event["type"] in EMAILING_TYPES else f"write_{name}"
        cur.execute(f"EXECUTE {statement_name} ({', '.join(['%s'] * len(params))})", params)


def _time(seconds):
    return datetime.datetime.utcfromtimestamp(seconds)


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
