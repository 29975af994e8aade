/** next-auth's endpoints read bounded bodies (issue 13): 413 for an oversized one, 400 for broken JSON, never a 500. */
import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { POST } from "@/app/api/auth/[...nextauth]/route";
import { AUTH_BODY_LIMIT_BYTES, readBoundedBody } from "@/server/auth/body-limit";

const context = { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) };
const url = "http://localhost/api/auth/callback/credentials";

function streamOf(totalBytes: number, chunkBytes = 64 * 1024) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
}

describe("request bodies of /api/auth/*", () => {
  it("answers 413 to a declared 100 MB body without reading it", async () => {
    const request = new NextRequest(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(100 * 1024 * 1024) },
      body: "email=a",
    });
    const response = await POST(request, context);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "La requête est trop volumineuse." });
  });

  it("answers 413 to a streamed body as soon as it passes 1 MB", async () => {
    const request = new NextRequest(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: streamOf(100 * 1024 * 1024),
      duplex: "half",
    } as RequestInit & { duplex: "half" } as never);
    expect((await POST(request, context)).status).toBe(413);
  });

  it("answers 400 to JSON that does not parse", async () => {
    const request = new NextRequest(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{pas du json" });
    const response = await POST(request, context);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/n'est pas valide/);
  });

  it("reads a body up to the limit, byte for byte", async () => {
    const request = new Request(url, { method: "POST", body: streamOf(AUTH_BODY_LIMIT_BYTES, 1000), duplex: "half" } as RequestInit & { duplex: "half" });
    expect((await readBoundedBody(request))?.byteLength).toBe(AUTH_BODY_LIMIT_BYTES);
    const over = new Request(url, { method: "POST", body: streamOf(AUTH_BODY_LIMIT_BYTES + 1, 1000), duplex: "half" } as RequestInit & { duplex: "half" });
    expect(await readBoundedBody(over)).toBeNull();
  });
});
