import "server-only";
import http from "node:http";
import { markSocketAddressHookInstalled, SOCKET_ADDRESS_HEADER } from "./client-address";

let installed = false;

/**
 * Puts the TCP peer's address into SOCKET_ADDRESS_HEADER of every request the Node HTTP servers of this process
 * receive, before any listener (Next's request handler) runs. Patching Server.prototype.emit reaches the server
 * `next start` and the standalone server.js create, whichever was created first. See lib/http/client-address.ts.
 */
export function installSocketAddressHook(): void {
  if (installed) return;
  installed = true;
  const originalEmit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage | undefined;
      if (request?.headers) {
        const address = request.socket?.remoteAddress;
        if (address) request.headers[SOCKET_ADDRESS_HEADER] = address;
        else delete request.headers[SOCKET_ADDRESS_HEADER];
      }
    }
    return Reflect.apply(originalEmit, this, [event, ...args]) as boolean;
  } as typeof http.Server.prototype.emit;
  markSocketAddressHookInstalled();
}
