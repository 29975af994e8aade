/**
 * A logged-in HTTP client (next-auth credentials: CSRF token, callback, session cookie) and the load generator
 * (autocannon: N concurrent keep-alive connections for a fixed duration, every response time recorded).
 */
import type { EventEmitter } from "node:events";
import autocannon from "autocannon";
import { percentile } from "./stats";

export type Session = { cookie: string; email: string };

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]!);
}

/** Signs in as a user with the credentials provider and returns the session cookie. */
export async function login(origin: string, email: string, password: string): Promise<Session> {
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  if (!csrf.ok) throw new Error(`/api/auth/csrf : HTTP ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/`, json: "true" }),
  });
  const session = cookiesOf(response).find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  if (!session) throw new Error(`Connexion refusée pour ${email} (HTTP ${response.status}).`);
  return { cookie: session, email };
}

export async function getPage(origin: string, pathname: string, session?: Session): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${origin}${pathname}`, { redirect: "manual", headers: session ? { cookie: session.cookie } : {} });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

export type LoadResult = {
  path: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
};

/** `connections` logged-in users requesting `pathname` back to back for `seconds`. */
export async function load(origin: string, pathname: string, session: Session, connections: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: `${origin}${pathname}`, connections, duration: seconds, headers: { cookie: session.cookie, "accept-encoding": "gzip" }, timeout: 30 },
      (error: unknown, done: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)),
    );
    // The instance emits "response" with the client first (the typings only describe the client's own event).
    (instance as unknown as EventEmitter).on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else non2xx += 1;
    });
  });
  const elapsed = Math.max(result.duration, (performance.now() - started) / 1000);
  const round = (x: number) => Number(x.toFixed(2));
  return {
    path: pathname,
    connections,
    seconds: round(elapsed),
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / elapsed),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    non2xx,
    errors: result.errors,
  };
}
