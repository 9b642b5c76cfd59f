// Run by lib/log.test.ts as a child process: logs `count` lines, then ends the way argv[2] says (by itself, by
// process.exit, or by an uncaught error), so the test can count what reached stdout.
import { getLogger } from "@/lib/log";

const [how = "natural", count = "3"] = process.argv.slice(2);
for (let i = 0; i < Number(count); i += 1) getLogger().info({ i }, "logged before exit");
if (how === "exit") process.exit(0);
if (how === "throw") setImmediate(() => {
  throw new Error("uncaught after logging");
});
