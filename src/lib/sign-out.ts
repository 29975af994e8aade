/**
 * Ends the session through next-auth's own sign-out endpoint (CSRF token first; the server revokes the session),
 * then leaves for `path` — what `signOut` of next-auth/react does, without shipping that client library on every
 * signed-in page. `path` is relative and followed as such: the browser stays on the host it is on, whatever host
 * NEXTAUTH_URL names.
 */
export async function signOutTo(path: `/${string}`): Promise<void> {
  const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: path, json: "true" }),
  });
  window.location.assign(path);
}
