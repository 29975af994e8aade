/**
 * The HTTP server of `npm start`, `npm run dev` and the end-to-end tests: Next.js behind a plain Node server that
 * writes each request's socket address into a header of its own, overwriting any client-sent value. Route handlers
 * see no socket, and Next.js fills `X-Forwarded-For` from it only when the client sent none, so this header is the
 * one trustworthy source of the client's address (src/server/auth/client-address.ts).
 * Usage: node --import tsx/esm scripts/serve-next.ts --port 3000 [--dev]
 */
import { createServer } from "node:http";
import next from "next";
import { parseServerEnv } from "@/env";
import { SOCKET_ADDRESS_HEADER } from "@/server/auth/client-address";

const args = process.argv.slice(2);
const dev = args.includes("--dev");
const portIndex = args.indexOf("--port");
const port = Number(portIndex >= 0 ? args[portIndex + 1] : (process.env.PORT ?? 3000));

async function main() {
  (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
  // A production server without a real secret or an https public URL does not start (src/env.ts).
  parseServerEnv();
  const app = next({ dev, port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((request, response) => {
    request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
    void handle(request, response);
  });
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (request, socket, head) => void upgrade(request, socket, head));
  }
  server.listen(port, () => console.log(`Ready on http://localhost:${port}`));
  // Keep-alive connections would hold close() open for a long while: idle ones now, the others a second later.
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 1_000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
