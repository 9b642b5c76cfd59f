"use client";
import { useEffect, useState } from "react";
import { Outcome, waitForActivation } from "../checkout-form";

export function ActivationWaiter() {
  const [state, setState] = useState<"waiting" | "subscribed" | "slow">("waiting");
  useEffect(() => {
    let live = true;
    void waitForActivation().then((ok) => live && setState(ok ? "subscribed" : "slow"));
    return () => {
      live = false;
    };
  }, []);
  return <Outcome state={state} />;
}
