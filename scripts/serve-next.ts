/**
 * The HTTP server of `npm start`, `npm run dev`, `npm run cluster` and the end-to-end tests: Next.js behind a plain
 * Node server that writes each request's socket address into a header of its own, overwriting any client-sent value.
 * Route handlers see no socket, and Next.js fills `X-Forwarded-For` from it only when the client sent none, so this
 * header is the one trustworthy source of the client's address (src/server/auth/client-address.ts).
 *
 * Behind a load balancer (scripts/lib/cluster.ts):
 * - `MODALIS_INSTANCE` names the instance; every response then carries `X-Modalis-Instance: <name>`;
 * - on SIGTERM the instance drains: `/api/health` answers 503 at once (the balancer's checks take it out), it keeps
 *   serving for `MODALIS_DRAIN_MS` (0 by default: `npm start` stops at once), then stops accepting connections,
 *   lets the requests in hand finish and leaves;
 * - idle keep-alive connections are kept longer than the balancer keeps its own idle ones, so that the balancer
 *   never sends a request on a connection this server is closing at the same moment.
 * Usage: node --import tsx/esm scripts/serve-next.ts --port 3000 [--host 127.0.0.1] [--dev]
 */
import { createServer } from "node:http";
import next from "next";
import { parseServerEnv } from "@/env";
import { SOCKET_ADDRESS_HEADER } from "@/server/auth/client-address";

const args = process.argv.slice(2);
const dev = args.includes("--dev");
const option = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const port = Number(option("--port") ?? process.env.PORT ?? 3000);
const host = option("--host");
const instance = process.env.MODALIS_INSTANCE?.trim() || undefined;
const drainMs = Math.max(0, Number(process.env.MODALIS_DRAIN_MS ?? 0) || 0);

/** How long the requests in hand may take to finish once the server stops accepting connections. */
const FINISH_GRACE_MS = 15_000;
/** Longer than any balancer's idle server-side connection (HAProxy: a few seconds). */
const KEEP_ALIVE_MS = 65_000;

async function main() {
  (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
  // A production server without a real secret or an https public URL does not start (src/env.ts).
  parseServerEnv();
  const app = next({ dev, port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  let draining = false;
  let inFlight = 0;
  const server = createServer((request, response) => {
    request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
    if (instance) response.setHeader("X-Modalis-Instance", instance);
    if (draining && (request.url === "/api/health" || request.url?.startsWith("/api/health?"))) {
      response.writeHead(503, { "Content-Type": "application/json", "Cache-Control": "no-store", Connection: "close" });
      response.end(JSON.stringify({ status: "draining" }));
      return;
    }
    inFlight += 1;
    response.once("close", () => (inFlight -= 1));
    void handle(request, response);
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (request, socket, head) => void upgrade(request, socket, head));
  }
  const ready = () => console.log(`Ready on http://${host ?? "localhost"}:${port}${instance ? ` (instance ${instance})` : ""}`);
  if (host) server.listen(port, host, ready);
  else server.listen(port, ready);

  const stop = () => {
    if (draining) return;
    draining = true;
    setTimeout(() => {
      // No new connection from now on; idle ones close now, busy ones once their request is answered.
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      const started = Date.now();
      const finish = setInterval(() => {
        server.closeIdleConnections();
        if (inFlight === 0 || Date.now() - started > FINISH_GRACE_MS) {
          clearInterval(finish);
          server.closeAllConnections();
        }
      }, 50);
    }, drainMs).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
