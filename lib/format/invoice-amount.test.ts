import { describe, expect, it } from "vitest";
import { describeInvoiceAmount } from "./invoice-amount";

describe("describeInvoiceAmount", () => {
  it("reads a charged invoice as its amount and status", () => {
    expect(describeInvoiceAmount({ total: 1900, currency: "usd", status: "paid" })).toEqual({ amount: "$19.00", status: "paid", isCredit: false });
    expect(describeInvoiceAmount({ total: 0, currency: "usd", status: "paid" })).toEqual({ amount: "$0.00", status: "paid", isCredit: false });
    expect(describeInvoiceAmount({ total: 14900, currency: "usd", status: "open" }).status).toBe("open");
  });

  it("reads a downgrade's negative invoice as a credit to the balance, never as a negative payment", () => {
    const described = describeInvoiceAmount({ total: -147100, currency: "usd", status: "paid" });
    expect(described).toEqual({ amount: "Credit $1,471.00", status: "credited", isCredit: true });
    expect(`${described.amount} ${described.status}`).not.toMatch(/[−-]\$|paid/);
  });
});
