// Children the orchestrators spawn (the app's server, Next, the emulator's CLI) preload die-with-parent.cjs, so a
// SIGKILLed orchestrator never leaves one of them holding a port.
import { fileURLToPath } from "node:url";

const PRELOAD = fileURLToPath(new URL("./die-with-parent.cjs", import.meta.url));

/** `env` with die-with-parent.cjs added to NODE_OPTIONS (after whatever it already holds). */
export function withDieWithParent(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --require ${PRELOAD}`.trim() };
}
