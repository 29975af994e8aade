/**
 * A plain HTTP client of the cluster: next-auth's credentials flow (CSRF token, cookies) with fetch, and which
 * instance answered (`X-Modalis-Instance`, set by scripts/serve-next.ts from MODALIS_INSTANCE).
 */
export const INSTANCE_HEADER = "x-modalis-instance";

export type SignIn = {
  outcome: "signed-in" | "refused" | "throttled";
  /** The session cookie (`name=value`) when signed in. */
  cookie?: string;
  /** The instance that answered the credentials POST. */
  instance: string;
  /** The error next-auth put in its answer (CredentialsSignin, or the throttling message). */
  error?: string;
};

const cookiesOf = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);

export function instanceOf(response: Response): string {
  const instance = response.headers.get(INSTANCE_HEADER);
  if (!instance) throw new Error(`Réponse sans ${INSTANCE_HEADER} (HTTP ${response.status}).`);
  return instance;
}

/** Signs in through `origin`; `headers` are added to both requests (e.g. a forged X-Forwarded-For). */
export async function signIn(origin: string, email: string, password: string, headers: Record<string, string> = {}): Promise<SignIn> {
  const csrf = await fetch(`${origin}/api/auth/csrf`, { headers });
  if (!csrf.ok) throw new Error(`/api/auth/csrf : HTTP ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${origin}/`, json: "true" }),
  });
  const instance = instanceOf(response);
  const text = await response.text();
  const cookie = cookiesOf(response).find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  if (cookie) return { outcome: "signed-in", cookie, instance };
  let target = response.headers.get("location") ?? "";
  try {
    target = (JSON.parse(text) as { url?: string }).url ?? target;
  } catch {
    // not JSON: the Location header says it
  }
  const error = new URL(target, origin).searchParams.get("error") ?? undefined;
  if (error?.startsWith("Trop de tentatives")) return { outcome: "throttled", instance, error };
  if (error === "CredentialsSignin") return { outcome: "refused", instance, error };
  throw new Error(`Réponse inattendue à la connexion (HTTP ${response.status}) : ${text.slice(0, 300)}`);
}

/** A signed-in page: its status, which instance served it, and its HTML. */
export async function getPage(origin: string, pathname: string, cookie: string): Promise<{ status: number; instance: string; body: string }> {
  const response = await fetch(`${origin}${pathname}`, { redirect: "manual", headers: { cookie } });
  return { status: response.status, instance: instanceOf(response), body: await response.text() };
}
