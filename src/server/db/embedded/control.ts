import net from "node:net";
import { rmSync } from "node:fs";

/**
 * The owner's control socket, beside its database socket (same private folder): what cannot be asked in SQL of a
 * PGlite served to others — a consistent copy of its data directory. One JSON request per connection, one JSON
 * answer.
 */
export type ControlRequest = { command: "backup"; file: string };
export type ControlAnswer = { ok: true; bytes: number } | { ok: false; error: string };

export type ControlHandler = (request: ControlRequest) => Promise<ControlAnswer>;

export async function startControlServer(socketPath: string, handle: ControlHandler): Promise<{ close(): Promise<void> }> {
  rmSync(socketPath, { force: true });
  const server = net.createServer((socket) => {
    let input = "";
    socket.setEncoding("utf8");
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: string) => {
      input += chunk;
      if (input.length > 10_000) socket.destroy();
      if (!input.includes("\n")) return;
      void answer(input.slice(0, input.indexOf("\n"))).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
  });
  async function answer(line: string): Promise<ControlAnswer> {
    try {
      const request = JSON.parse(line) as ControlRequest;
      if (request.command !== "backup" || typeof request.file !== "string") return { ok: false, error: "Commande inconnue." };
      return await handle(request);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
      }),
  };
}

/** Sends one request to an owner's control socket. */
export function askOwner(socketPath: string, request: ControlRequest, timeoutMs = 600_000): Promise<ControlAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let output = "";
    socket.setEncoding("utf8");
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error("Le processus propriétaire de la base ne répond pas.")));
    socket.on("connect", () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on("data", (chunk: string) => (output += chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      try {
        resolve(JSON.parse(output) as ControlAnswer);
      } catch {
        reject(new Error("Réponse illisible du processus propriétaire de la base."));
      }
    });
  });
}
