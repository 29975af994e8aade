/**
 * Ends the session through next-auth's own sign-out endpoint (CSRF token first), then leaves for `callbackUrl` —
 * what `signOut` of next-auth/react does, without shipping that client library on every signed-in page.
 */
export async function signOutTo(callbackUrl: string): Promise<void> {
  const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
  });
  const { url } = (await response.json().catch(() => ({}))) as { url?: string };
  window.location.href = url ?? callbackUrl;
}
