// The orchestrator behind `npm start`: killed outright, it must leave no server behind.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";

const ROOT = path.resolve(import.meta.dirname, "..");

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

test("SIGKILL of the orchestrator leaves no app, emulator or PostgreSQL process listening", async () => {
  test.setTimeout(180_000);
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts", "--e2e"], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = await new Promise<{ appUrl: string; stripeUrl: string; databaseUrl: string; databaseMode: string }>(
    (resolve, reject) => {
      let buffered = "";
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        buffered += chunk;
        const ready = buffered.split("\n").find((line) => line.startsWith("READY "));
        if (ready) resolve(JSON.parse(ready.slice(6)));
      });
      child.once("exit", (code) => reject(new Error(`stack exited early with ${code}`)));
    },
  );
  const ports = [info.appUrl, info.stripeUrl, info.databaseUrl].map((url) => Number(new URL(url).port));
  const [appPort, stripePort, databasePort] = ports as [number, number, number];
  expect(await portIsOpen(appPort)).toBe(true);
  expect(await portIsOpen(stripePort)).toBe(true);

  child.kill("SIGKILL");

  await expect.poll(() => portIsOpen(appPort), { timeout: 15_000 }).toBe(false);
  expect(await portIsOpen(stripePort)).toBe(false);
  if (info.databaseMode === "embedded") {
    await expect.poll(() => portIsOpen(databasePort), { timeout: 15_000 }).toBe(false);
  }
});
