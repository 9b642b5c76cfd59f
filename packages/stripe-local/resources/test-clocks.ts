// Test clocks: advancing runs, in time order, everything that falls due for the clock's customers.

import { invalidRequest } from "../errors";
import { emit } from "../events";
import { NO_REQUEST } from "../context";
import { LIST_PARAMS } from "../pagination";
import { deleted, out, outList, type HandlerCtx, type Route } from "../router";
import { runDue } from "../scheduler";
import { newId } from "../store";
import type { TestClock } from "../types";
import { addInterval } from "../billing-periods";
import { load } from "./lookup";

/** Stripe refuses advances of more than two intervals of the shortest subscription on the clock. */
function checkAdvanceLimit(c: HandlerCtx, clock: TestClock, target: number): void {
  let limit = Infinity;
  for (const sub of c.emu.store.all("subscription", (s) => s.test_clock === clock.id && !["canceled", "incomplete_expired"].includes(s.status))) {
    const r = sub.items.data[0]?.price.recurring;
    if (r) limit = Math.min(limit, addInterval(clock.frozen_time, r.interval, 2 * r.interval_count));
  }
  if (target > limit) {
    throw invalidRequest(
      `Cannot advance the test clock more than two intervals of the shortest subscription interval. The furthest you can advance is ${limit}.`,
      { param: "frozen_time", code: "test_clock_advance_limit" },
    );
  }
}

export const testClockRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/test_helpers/test_clocks",
    params: { frozen_time: true, name: true },
    handler: (c) => {
      const frozen = c.p.reqInt("frozen_time");
      const now = c.emu.store.now();
      const clock: TestClock = {
        id: newId("clock"),
        object: "test_helpers.test_clock",
        created: now,
        deletes_after: now + 7 * 86_400,
        frozen_time: frozen,
        livemode: false,
        name: c.p.str("name") || null,
        status: "ready",
        status_details: {},
      };
      c.emu.store.insert(clock);
      emit(c, "test_helpers.test_clock.created", clock);
      return out(c, clock);
    },
  },
  { method: "GET", path: "/v1/test_helpers/test_clocks/:id", params: {}, handler: (c) => out(c, load(c, "test_helpers.test_clock", c.path.id ?? "")) },
  { method: "GET", path: "/v1/test_helpers/test_clocks", params: LIST_PARAMS, handler: (c) => outList(c, c.emu.store.all("test_helpers.test_clock"), "/v1/test_helpers/test_clocks") },
  {
    method: "DELETE",
    path: "/v1/test_helpers/test_clocks/:id",
    params: {},
    handler: (c) => {
      const clock = load(c, "test_helpers.test_clock", c.path.id ?? "");
      const { store } = c.emu;
      const customers = store.all("customer", (x) => x.test_clock === clock.id).map((x) => x.id);
      for (const type of ["subscription", "invoice", "invoiceitem", "customer"] as const) {
        for (const o of store.all(type, (x) => x.test_clock === clock.id)) store.delete(o.id);
      }
      for (const type of ["payment_intent", "charge", "payment_method", "setup_intent", "refund"] as const) {
        for (const o of store.all(type)) if ("customer" in o && o.customer && customers.includes(o.customer)) store.delete(o.id);
      }
      store.delete(clock.id);
      emit(c, "test_helpers.test_clock.deleted", clock);
      return deleted(clock.id, "test_helpers.test_clock");
    },
  },
  {
    method: "POST",
    path: "/v1/test_helpers/test_clocks/:id/advance",
    params: { frozen_time: true },
    handler: (c) => {
      const clock = load(c, "test_helpers.test_clock", c.path.id ?? "");
      const target = c.p.reqInt("frozen_time");
      if (clock.status === "advancing") throw invalidRequest("The test clock is already advancing.", { code: "test_clock_advancing" } );
      if (target <= clock.frozen_time) {
        throw invalidRequest("The frozen time must be after the current frozen time of the test clock.", { param: "frozen_time", code: "parameter_invalid_integer" });
      }
      checkAdvanceLimit(c, clock, target);
      clock.status = "advancing";
      c.emu.store.touch();
      emit(c, "test_helpers.test_clock.advancing", clock);
      const response = out(c, clock);
      // Like Stripe, the work happens after the response; callers poll until status is `ready`.
      setTimeout(() => {
        if (!c.emu.store.get("test_helpers.test_clock", clock.id)) return;
        try {
          runDue(c.emu, clock.id, target, (t) => {
            clock.frozen_time = Math.max(clock.frozen_time, t);
          });
        } catch (err) {
          c.emu.log(`test clock ${clock.id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
        clock.frozen_time = target;
        clock.status = "ready";
        c.emu.store.touch();
        emit({ emu: c.emu, req: NO_REQUEST }, "test_helpers.test_clock.ready", clock);
        c.emu.store.persist();
      }, 5);
      return response;
    },
  },
];
