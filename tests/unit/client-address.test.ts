import { describe, expect, it } from "vitest";
import { parseEnv } from "@/env";
import { clientAddress, normalizeAddress, SOCKET_ADDRESS_HEADER, trustedProxyList, UNKNOWN_ADDRESS } from "@/server/auth/client-address";

const none = trustedProxyList([]);
const behindProxy = trustedProxyList(parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8 fd00::/8" }).TRUSTED_PROXIES);
const from = (socket: string | undefined, forwardedFor?: string) => ({
  ...(socket === undefined ? {} : { [SOCKET_ADDRESS_HEADER]: socket }),
  ...(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }),
});

describe("the client's address", () => {
  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress(from("203.0.113.7", "198.51.100.1, 127.0.0.1"), none)).toBe("203.0.113.7");
    expect(clientAddress(from("::ffff:127.0.0.1", "10.0.0.1"), none)).toBe("127.0.0.1");
    expect(clientAddress(new Headers(from("2001:DB8::1")), none)).toBe("2001:db8::1");
  });

  it("follows X-Forwarded-For from the right through trusted proxies only", () => {
    expect(clientAddress(from("10.0.0.2", "198.51.100.1, 203.0.113.9"), behindProxy)).toBe("203.0.113.9");
    expect(clientAddress(from("10.0.0.2", "198.51.100.1, 203.0.113.9, 10.1.2.3"), behindProxy)).toBe("203.0.113.9");
    // The left part is the client's word: a forged trusted address there changes nothing.
    expect(clientAddress(from("10.0.0.2", "10.9.9.9, 203.0.113.9"), behindProxy)).toBe("203.0.113.9");
    // A request from an untrusted socket is not believed at all.
    expect(clientAddress(from("203.0.113.50", "10.0.0.1"), behindProxy)).toBe("203.0.113.50");
    // Garbage written by the proxy chain stops at the last trusted hop.
    expect(clientAddress(from("10.0.0.2", "<script>"), behindProxy)).toBe("10.0.0.2");
    expect(clientAddress(from("10.0.0.2"), behindProxy)).toBe("10.0.0.2");
  });

  it("is a valid IP address or « inconnue », never the text a client sent", () => {
    expect(clientAddress(from(undefined, "198.51.100.1"), none)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(from("x".repeat(15_000)), none)).toBe(UNKNOWN_ADDRESS);
    for (const bad of ["", "localhost", "1.2.3", "1.2.3.4:80", "::ffff:999.1.1.1", "a".repeat(100)]) expect(normalizeAddress(bad), bad).toBeNull();
    expect(normalizeAddress("[::1]")).toBe("::1");
  });
});
