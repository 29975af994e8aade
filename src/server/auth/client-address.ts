/**
 * Which address a request comes from, for login throttling and the audit journal.
 *
 * `X-Forwarded-For` is the client's word unless a proxy we trust wrote it: Next.js fills it from the socket only
 * when the client sent none. So the server (scripts/serve-next.ts) puts the socket's address in its own header,
 * overwriting whatever a client sent under that name, and only when that socket address is a configured trusted
 * proxy (`TRUSTED_PROXIES`) are `X-Forwarded-For` entries read — from the right, skipping further trusted proxies.
 */
import { BlockList, isIP } from "node:net";
import type { TrustedProxy } from "@/env";

export const SOCKET_ADDRESS_HEADER = "x-modalis-socket-address";

/** Stored when no valid address is known (a server started without scripts/serve-next.ts, a broken proxy). */
export const UNKNOWN_ADDRESS = "inconnue";

/** A valid IP address in canonical text (IPv4-mapped IPv6 `::ffff:1.2.3.4` as `1.2.3.4`), or null. */
export function normalizeAddress(value: string | undefined | null): string | null {
  if (!value) return null;
  let text = value.trim();
  if (text.length > 64) return null;
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
  if (mapped) text = mapped[1]!;
  const version = isIP(text);
  if (version === 4) return text;
  if (version === 6) return text.toLowerCase();
  return null;
}

export function trustedProxyList(proxies: readonly TrustedProxy[]): BlockList {
  const list = new BlockList();
  for (const proxy of proxies) list.addSubnet(proxy.address, proxy.prefix, proxy.family);
  return list;
}

const isTrusted = (list: BlockList, address: string) => list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");

function headerValue(headers: Headers | Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : typeof value === "string" ? value : undefined;
}

export function clientAddress(headers: Headers | Record<string, unknown> | undefined, trusted: BlockList): string {
  let address = normalizeAddress(headerValue(headers, SOCKET_ADDRESS_HEADER));
  if (!address) return UNKNOWN_ADDRESS;
  const forwarded = (headerValue(headers, "x-forwarded-for") ?? "").slice(0, 4096).split(",");
  while (isTrusted(trusted, address)) {
    const entry = forwarded.pop();
    if (entry === undefined) break;
    const next = normalizeAddress(entry);
    // A trusted proxy wrote this entry; garbage there means we cannot go further than the proxy itself.
    if (!next) break;
    address = next;
  }
  return address;
}
