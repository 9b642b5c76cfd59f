import "server-only";
import { z } from "zod";
import type { AdminContext } from "@/lib/auth/types";
import { reconcile } from "./reconcile";

// Required, so a request that forgot to say whether to repair is refused rather than read as "no".
export const runDriftCheckSchema = z.object({
  repair: z.preprocess((v) => (v === "true" || v === "on" ? true : v === "false" ? false : v), z.boolean()),
});

/** The drift check button: every repair writes its own audit row, naming this admin. */
export async function runDriftCheck(input: z.output<typeof runDriftCheckSchema>, { user }: AdminContext) {
  const report = await reconcile({ repair: input.repair, actor: `admin:${user.id}` });
  return {
    ...report,
    startedAt: report.startedAt.toISOString(),
    finishedAt: report.finishedAt.toISOString(),
    // The page shows the first 500; the CLI prints them all.
    drifts: report.drifts.slice(0, 500),
    totalDrifts: report.drifts.length,
  };
}
