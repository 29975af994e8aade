/** The largest body the sign-in endpoints read: the same 1 MB as server actions (next.config's default). */
export const AUTH_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The request's body, read up to `limit` bytes, or null when it is larger: a declared `Content-Length` over the
 * limit is refused before anything is read, and a chunked body is abandoned as soon as it passes the limit.
 */
export async function readBoundedBody(request: Request, limit: number = AUTH_BODY_LIMIT_BYTES): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > limit) return null;
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
