const BASE = "http://modalis.invalid";

/**
 * A path of this site to go to after signing in (`/conseiller/demandeurs/…?onglet=…`), or null: only a path that
 * stays on the same origin is accepted — never `//host`, `/\host`, a scheme, control characters or a huge value.
 */
export function safeCallbackPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return null;
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return null;
  try {
    const url = new URL(value, BASE);
    return url.origin === BASE ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}
