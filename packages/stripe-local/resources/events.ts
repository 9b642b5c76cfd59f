// Events (list, retrieve) and webhook endpoints.

import { assertKnownVersion, renderEventForVersion } from "../api-versions";
import { invalidRequest } from "../errors";
import type { JsonObject } from "../render";
import { applyMetadata } from "../params";
import { LIST_PARAMS } from "../pagination";
import { deleted, out, outList, type Route } from "../router";
import { newId } from "../store";
import type { WebhookEndpoint } from "../types";
import { newWebhookSecret } from "../webhook-signature";
import { load } from "./lookup";

const RANGE = { gt: true, gte: true, lt: true, lte: true } as const;

export const eventRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/events",
    params: { ...LIST_PARAMS, type: true, types: [true], created: RANGE, delivery_success: true },
    handler: (c) => {
      const type = c.p.str("type");
      const types = c.p.strList("types");
      const matchType = (t: string) => {
        if (type) return type.endsWith(".*") ? t.startsWith(type.slice(0, -1)) : t === type;
        return types.length === 0 || types.includes(t);
      };
      // The Events API renders in the account's default version, whatever version the request asks for.
      const version = c.emu.account.apiVersion;
      const page = outList(c, c.emu.store.all("event", (e) => matchType(e.type)), "/v1/events");
      const data = Array.isArray(page.data) ? page.data : [];
      return { ...page, data: data.map((e) => renderEventForVersion(e as JsonObject, version)) };
    },
  },
  {
    method: "GET",
    path: "/v1/events/:id",
    params: {},
    handler: (c) => renderEventForVersion(out(c, load(c, "event", c.path.id ?? "")), c.emu.account.apiVersion),
  },
  {
    method: "POST",
    path: "/v1/webhook_endpoints",
    params: { url: true, enabled_events: [true], description: true, metadata: "hash", api_version: true, connect: true },
    handler: (c) => {
      const url = c.p.reqStr("url");
      if (!/^https?:\/\//.test(url)) throw invalidRequest("Invalid URL: must be http or https.", { param: "url", code: "url_invalid" });
      const events = c.p.strList("enabled_events");
      if (events.length === 0) throw invalidRequest("Missing required param: enabled_events.", { code: "parameter_missing", param: "enabled_events" });
      const apiVersion = c.p.str("api_version");
      if (apiVersion) assertKnownVersion(apiVersion, "api_version");
      const secret = newWebhookSecret();
      const we: WebhookEndpoint = {
        id: newId("we"),
        object: "webhook_endpoint",
        api_version: apiVersion || null,
        application: null,
        created: c.emu.store.now(),
        description: c.p.str("description") || null,
        enabled_events: events,
        livemode: false,
        metadata: applyMetadata({}, c.p.metadataPatch()),
        status: "enabled",
        url,
        _secret: secret,
      };
      c.emu.store.insert(we);
      // The secret is shown on creation only, as in Stripe.
      return { ...out(c, we), secret };
    },
  },
  { method: "GET", path: "/v1/webhook_endpoints/:id", params: {}, handler: (c) => out(c, load(c, "webhook_endpoint", c.path.id ?? "")) },
  {
    method: "POST",
    path: "/v1/webhook_endpoints/:id",
    params: { url: true, enabled_events: [true], description: true, metadata: "hash", disabled: true },
    handler: (c) => {
      const we = load(c, "webhook_endpoint", c.path.id ?? "");
      const url = c.p.str("url");
      if (url) we.url = url;
      const events = c.p.strList("enabled_events");
      if (events.length) we.enabled_events = events;
      if (c.p.has("description")) we.description = c.p.str("description") || null;
      const disabled = c.p.bool("disabled");
      if (disabled !== undefined) we.status = disabled ? "disabled" : "enabled";
      we.metadata = applyMetadata(we.metadata, c.p.metadataPatch());
      c.emu.store.touch();
      return out(c, we);
    },
  },
  {
    method: "DELETE",
    path: "/v1/webhook_endpoints/:id",
    params: {},
    handler: (c) => {
      const we = load(c, "webhook_endpoint", c.path.id ?? "");
      c.emu.store.delete(we.id);
      return deleted(we.id, "webhook_endpoint");
    },
  },
  { method: "GET", path: "/v1/webhook_endpoints", params: LIST_PARAMS, handler: (c) => outList(c, c.emu.store.all("webhook_endpoint"), "/v1/webhook_endpoints") },
];
