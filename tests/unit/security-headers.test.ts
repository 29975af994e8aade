/**
 * Headers of next.config.ts as Next.js applies them (its own matcher): every page, route and static file gets the
 * site-wide security headers and `Referrer-Policy: same-origin`, except the route handlers that send their own
 * `no-referrer`, which a configured header would overwrite (issue 13). The real responses are checked end to end in
 * tests/e2e/entrees-hostiles.spec.ts.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCustomRoute } from "next/dist/server/lib/router-utils/filesystem";
import config, { OWN_REFERRER_POLICY_ROUTES } from "../../next.config";
import { PRIVATE_HEADERS } from "@/server/routes/seeker-space";

type Rule = { headers: { key: string; value: string }[]; match: (pathname: string) => unknown };

async function configuredHeaders(pathname: string): Promise<Record<string, string>> {
  const rules = (await config.headers!()).map((rule) => buildCustomRoute("header", rule, undefined, false) as unknown as Rule);
  const headers: Record<string, string> = {};
  for (const rule of rules) if (rule.match(pathname)) for (const { key, value } of rule.headers) headers[key] = value;
  return headers;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe("configured security headers", () => {
  it("give pages, other routes and static files Referrer-Policy: same-origin", async () => {
    for (const pathname of [
      "/",
      "/connexion",
      "/agence",
      "/agence/export/charges",
      "/mon-espace",
      "/api/health",
      "/_next/static/chunks/a.js",
      "/calendrier-x",
    ]) {
      const headers = await configuredHeaders(pathname);
      expect(headers["Referrer-Policy"], pathname).toBe("same-origin");
      expect(headers["X-Content-Type-Options"], pathname).toBe("nosniff");
    }
  });

  it("leave the routes that send their own no-referrer alone, so that theirs is the one sent", async () => {
    expect(PRIVATE_HEADERS["Referrer-Policy"]).toBe("no-referrer");
    for (const pathname of ["/calendrier/abc.ics", "/mon-espace/mes-donnees", "/mon-espace/rendez-vous/3f1e0f7c-9d9a-4b7e-8c55-0d9b3d7a1e22/ics"]) {
      const headers = await configuredHeaders(pathname);
      expect(headers["Referrer-Policy"], pathname).toBeUndefined();
      expect(headers["Strict-Transport-Security"], pathname).toMatch(/max-age/);
    }
  });

  it("list exactly the route handlers built on the private headers of the seeker's space", () => {
    const privateRoutes = filesUnder("src/app")
      .filter((file) => path.basename(file) === "route.ts" && /@\/server\/routes\/seeker-space/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative("src/app", path.dirname(file)).split(path.sep).join("/"));
    expect(privateRoutes.length).toBeGreaterThanOrEqual(3);
    for (const route of privateRoutes) {
      expect(
        OWN_REFERRER_POLICY_ROUTES.some((prefix) => route === prefix || route.startsWith(`${prefix}/`)),
        route,
      ).toBe(true);
    }
  });
});
