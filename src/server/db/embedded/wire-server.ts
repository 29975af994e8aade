import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";

/**
 * Serves one PGlite instance over the PostgreSQL wire protocol on a Unix socket, so that every process that needs
 * the embedded database (the app, the nightly commands, `psql`) reaches it through the one process that owns it.
 *
 * PGlite is a single session. Clients are therefore served one *exchange* at a time: a client that sends a message
 * holds the engine until PGlite answers ReadyForQuery with the idle status — the end of a simple query, of an
 * extended-protocol Parse…Sync sequence, or of a whole transaction (status T or E keeps it held). Other clients
 * wait in arrival order. `@electric-sql/pglite-socket` was measured and not chosen: it serializes per protocol
 * message, so another client's Parse can slip between a client's Parse and its Bind (the client then receives the
 * other's result), and it pins PGlite to one exact version with seven extension packages as peers.
 *
 * A client that disconnects, or holds the engine idle longer than `holdTimeoutMs`, has its transaction rolled back.
 */
export type WireServerOptions = {
  pglite: PGlite;
  socketPath: string;
  /** How long a client may hold the engine without sending anything (idle in transaction, say). */
  holdTimeoutMs?: number;
};

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

type Connection = {
  socket: net.Socket;
  buffer: Buffer;
  started: boolean;
  holding: boolean;
  closed: boolean;
  holdTimer: NodeJS.Timeout | null;
  /** Messages are handled strictly in order, one at a time per connection. */
  queue: Promise<void>;
};

export class EmbeddedWireServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private readonly waiters: { connection: Connection; grant: () => void }[] = [];
  private holder: Connection | null = null;
  private stopping = false;
  private readonly holdTimeoutMs: number;

  constructor(private readonly options: WireServerOptions) {
    this.holdTimeoutMs = options.holdTimeoutMs ?? 30_000;
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.socketPath, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
  }

  /**
   * Runs `work` with the engine to itself (no client exchange in flight): backups, shutdown. Resolves with its
   * result once no client holds the engine.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const owner = this.pseudoConnection();
    await this.acquire(owner);
    try {
      return await work();
    } finally {
      this.release(owner);
    }
  }

  /** Stops accepting clients, disconnects the others (rolling back what they held) and waits for the engine. */
  async stop(): Promise<void> {
    this.stopping = true;
    // The listening socket closes only once every client has left: disconnect them, then wait for it.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.socket.destroy();
    await closed;
    await this.exclusive(async () => undefined);
  }

  get clientCount(): number {
    return this.connections.size;
  }

  private pseudoConnection(): Connection {
    return { socket: new net.Socket(), buffer: Buffer.alloc(0), started: true, holding: false, closed: false, holdTimer: null, queue: Promise.resolve() };
  }

  private accept(socket: net.Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    const connection: Connection = {
      socket,
      buffer: Buffer.alloc(0),
      started: false,
      holding: false,
      closed: false,
      holdTimer: null,
      queue: Promise.resolve(),
    };
    this.connections.add(connection);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, chunk]) : chunk;
      this.drain(connection);
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      connection.closed = true;
      this.connections.delete(connection);
      connection.queue = connection.queue.then(() => this.disconnect(connection));
    });
  }

  /** Splits the buffered bytes into whole messages and queues each one. */
  private drain(connection: Connection): void {
    for (;;) {
      const { buffer } = connection;
      if (!connection.started) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        const message = buffer.subarray(0, length);
        connection.buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          connection.socket.write("N");
          continue;
        }
        if (code === CANCEL_REQUEST || code !== PROTOCOL_3) {
          connection.socket.destroy();
          return;
        }
        connection.started = true;
        this.enqueue(connection, message, "startup");
        continue;
      }
      if (buffer.length < 5) return;
      const length = 1 + buffer.readInt32BE(1);
      if (buffer.length < length) return;
      const message = buffer.subarray(0, length);
      connection.buffer = buffer.subarray(length);
      if (message[0] === 0x58 /* X: Terminate */) {
        connection.socket.end();
        return;
      }
      this.enqueue(connection, message, String.fromCharCode(message[0]!));
    }
  }

  private enqueue(connection: Connection, message: Buffer, type: string): void {
    const copy = new Uint8Array(message);
    connection.queue = connection.queue
      .then(() => this.execute(connection, copy, type))
      .catch(() => {
        connection.socket.destroy();
      });
  }

  private async execute(connection: Connection, message: Uint8Array, type: string): Promise<void> {
    if (connection.closed) return;
    if (!connection.holding) await this.acquire(connection);
    if (connection.closed) {
      await this.disconnect(connection);
      return;
    }
    this.clearHoldTimer(connection);
    const reply = await this.options.pglite.execProtocolRaw(message);
    if (!connection.closed && reply.length) connection.socket.write(reply);
    const status = lastReadyStatus(reply);
    // An exchange ends at ReadyForQuery; the engine stays held while a transaction is open (T) or failed (E).
    if (status === "I" && (type === "S" || type === "Q" || type === "startup")) this.release(connection);
    else this.armHoldTimer(connection);
  }

  /** While a client holds the engine and says nothing, everyone else waits: not for longer than the timeout. */
  private armHoldTimer(connection: Connection): void {
    this.clearHoldTimer(connection);
    connection.holdTimer = setTimeout(() => connection.socket.destroy(), this.holdTimeoutMs);
    connection.holdTimer.unref();
  }

  private clearHoldTimer(connection: Connection): void {
    if (connection.holdTimer) clearTimeout(connection.holdTimer);
    connection.holdTimer = null;
  }

  /** A client gone while holding the engine: end its exchange and roll back its transaction. */
  private async disconnect(connection: Connection): Promise<void> {
    const waiting = this.waiters.findIndex((waiter) => waiter.connection === connection);
    if (waiting >= 0) this.waiters.splice(waiting, 1);
    if (!connection.holding) return;
    try {
      let status = lastReadyStatus(await this.options.pglite.execProtocolRaw(SYNC));
      if (status !== "I") status = lastReadyStatus(await this.options.pglite.execProtocolRaw(simpleQuery("ROLLBACK")));
    } finally {
      this.release(connection);
    }
  }

  private acquire(connection: Connection): Promise<void> {
    if (!this.holder) {
      this.holder = connection;
      connection.holding = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push({
        connection,
        grant: () => {
          this.holder = connection;
          connection.holding = true;
          resolve();
        },
      });
    });
  }

  private release(connection: Connection): void {
    if (this.holder !== connection) return;
    connection.holding = false;
    this.clearHoldTimer(connection);
    this.holder = null;
    this.waiters.shift()?.grant();
  }
}

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, "utf8");
  const message = Buffer.alloc(5 + text.length);
  message.write("Q", 0);
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}

/** The transaction status of the last ReadyForQuery ('Z') message of a backend reply, if any. */
function lastReadyStatus(reply: Uint8Array): "I" | "T" | "E" | null {
  let status: "I" | "T" | "E" | null = null;
  const view = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
  for (let offset = 0; offset + 5 <= reply.length;) {
    const length = view.getInt32(offset + 1);
    if (reply[offset] === 0x5a && length === 5 && offset + 6 <= reply.length) {
      status = String.fromCharCode(reply[offset + 5]!) as "I" | "T" | "E";
    }
    offset += 1 + length;
  }
  return status;
}
