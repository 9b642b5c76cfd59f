import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineAction, formDataToObject } from "./define-action";

const schema = z.object({
  planKey: z.string().min(1, "Choose a plan."),
  quantity: z.coerce.number().int().min(1, "At least one seat."),
});

const calls: unknown[] = [];
const allow = async () => ({ tenantId: "t_session" });
const action = defineAction(allow, schema, async (input, context) => {
  calls.push(input);
  return { ...input, tenantId: context.tenantId };
});

describe("defineAction: input validation and error shape", () => {
  it("parses valid input and passes the authorised context", async () => {
    expect(await action({ planKey: "pro-month", quantity: 3 })).toEqual({
      ok: true,
      data: { planKey: "pro-month", quantity: 3, tenantId: "t_session" },
    });
  });

  it("returns field errors for invalid input and never runs the body", async () => {
    calls.length = 0;
    const result = await action({ planKey: "", quantity: 0 });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "invalid_input",
        message: "Please check the highlighted fields.",
        fieldErrors: { planKey: ["Choose a plan."], quantity: ["At least one seat."] },
      },
    });
    expect(calls).toEqual([]);
  });

  it("rejects input that is not an object at all", async () => {
    const result = await action("drop table" as never);
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });

  it("accepts FormData from a <form action>, coercing and dropping Next's own fields", async () => {
    const form = new FormData();
    form.set("planKey", "starter-month");
    form.set("quantity", "2");
    form.set("$ACTION_ID_abc", "");
    expect(await action(form)).toEqual({ ok: true, data: { planKey: "starter-month", quantity: 2, tenantId: "t_session" } });
  });

  it("collects repeated form fields into arrays", () => {
    const form = new FormData();
    form.append("feature", "a");
    form.append("feature", "b");
    form.set("name", "x");
    expect(formDataToObject(form)).toEqual({ feature: ["a", "b"], name: "x" });
  });

  it("checks authorisation before looking at the input", async () => {
    const guarded = defineAction(
      async () => {
        throw new AppError("unauthenticated");
      },
      schema,
      async () => "never",
    );
    expect(await guarded({ planKey: "", quantity: -1 })).toEqual({
      ok: false,
      error: { code: "unauthenticated", message: "Please sign in to continue." },
    });
  });

  it("passes AppErrors through and hides anything else behind a generic message", async () => {
    const conflict = defineAction(allow, z.object({}), async () => {
      throw new AppError("conflict", "That plan is already active.");
    });
    expect(await conflict({})).toEqual({ ok: false, error: { code: "conflict", message: "That plan is already active." } });

    const crash = defineAction(allow, z.object({}), async () => {
      throw new Error("relation \"Subscription\" does not exist");
    });
    const result = await crash({});
    expect(result).toMatchObject({ ok: false, error: { code: "internal" } });
    expect(JSON.stringify(result)).not.toContain("Subscription");
  });
});
