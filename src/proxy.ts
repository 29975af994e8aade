import { NextResponse, type NextRequest } from "next/server";

/**
 * Every page, server action and route handler passes here: a fresh nonce per request for a strict
 * Content-Security-Policy (Next.js reads the nonce from the request's CSP header and puts it on its own scripts),
 * and `Cache-Control: no-store`, since every dynamic response may carry personal data. The other security
 * headers, identical for every response including static files, are set in next.config.ts.
 */
export function proxy(request: NextRequest) {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  const nonce = btoa(String.fromCharCode(...bytes));
  const policy = contentSecurityPolicy(nonce, {
    development: process.env.NODE_ENV === "development",
    https: request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  // The page asked for, so that the login page can bring the person back to it (src/server/auth/session.ts).
  const asked = request.nextUrl.clone();
  asked.searchParams.delete("_rsc");
  requestHeaders.set("x-modalis-path", asked.pathname + asked.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  response.headers.set("Cache-Control", "no-store, max-age=0");
  return response;
}

export function contentSecurityPolicy(nonce: string, options: { development: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
