/**
 * The one parser of route parameters (issue 13): a malformed or repeated id is the 404 page, never a database error.
 */
import { describe, expect, it } from "vitest";
import { firstParam, isUuid, optionalIdParam, parseIdParam, readIdParam } from "@/lib/route-params";

const ID = "3f1e0f7c-9d9a-4b7e-8c55-0d9b3d7a1e22";
const OTHER = "00000000-0000-4000-8000-000000000001";
const MALFORMED = ["pas-un-identifiant", "-".repeat(36), `${ID.slice(0, -1)}z`, `${ID} `, `${ID}'--`, "😀", "0"];

/** The digest Next.js gives the error notFound() throws, which renders not-found.tsx with status 404. */
function notFoundDigest(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { digest?: string }).digest ?? String(error);
  }
}

describe("route parameters", () => {
  it("reads one well-formed id, absent or empty as absent, anything else as malformed", () => {
    expect(readIdParam(ID)).toBe(ID);
    expect(readIdParam(ID.toUpperCase())).toBe(ID.toUpperCase());
    expect(readIdParam([ID])).toBe(ID);
    expect(readIdParam([ID, ID])).toBe(ID);
    for (const absent of [undefined, null, "", [], [""]]) expect(readIdParam(absent)).toBeUndefined();
    for (const value of [...MALFORMED, [ID, OTHER], [ID, "x"]]) expect(readIdParam(value), String(value)).toBeNull();
    expect(isUuid(ID)).toBe(true);
    expect(isUuid(["x"])).toBe(false);
  });

  it("answers the 404 page for a malformed or repeated id, required or optional", () => {
    expect(parseIdParam(ID)).toBe(ID);
    expect(optionalIdParam(undefined)).toBeUndefined();
    expect(optionalIdParam(ID)).toBe(ID);
    for (const value of [...MALFORMED, [ID, OTHER]]) {
      expect(
        notFoundDigest(() => parseIdParam(value)),
        String(value),
      ).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
      expect(
        notFoundDigest(() => optionalIdParam(value)),
        String(value),
      ).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    }
    expect(notFoundDigest(() => parseIdParam(undefined))).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
  });

  it("gives other parameters' first value, for the page's own checks", () => {
    expect(firstParam(["2", "3"])).toBe("2");
    expect(firstParam("M4")).toBe("M4");
    expect(firstParam(undefined)).toBeUndefined();
  });
});
