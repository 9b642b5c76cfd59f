// /checkout/[plan]/* — an unknown or retired plan is a real 404. The check sits in a layout because the
// page has a loading state: by the time the page runs, a 200 has already been streamed.
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";

export default async function CheckoutPlanLayout({ children, params }: { children: ReactNode; params: Promise<{ plan: string }> }) {
  const { plan } = await params;
  try {
    await getActivePlanOrThrow(plan);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  return children;
}
