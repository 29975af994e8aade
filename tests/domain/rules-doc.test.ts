import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The rules' document lives in the repository (docs/rules.md): code points to its sections, never outside the repo.
const root = fileURLToPath(new URL("../..", import.meta.url));
const doc = readFileSync(join(root, "docs/rules.md"), "utf8");

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, "")
    .replace(/ /g, "-");
const anchors = new Set([...doc.matchAll(/^#+ (.+)$/gm)].map((m) => anchorOf(m[1] ?? "")));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "generated" || name === "results") return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|md)$/.test(name) ? [path] : [];
  });
}
const files = ["src", "tests", "scripts", "bench"].flatMap((d) => sources(join(root, d))).concat(join(root, "README.md"));

describe("docs/rules.md", () => {
  it("has every section the code points to", () => {
    const cited = files.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/docs\/rules\.md#([\w-]+)/g)].map((m) => ({ file: relative(root, file), anchor: m[1] ?? "" })),
    );
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((c) => !anchors.has(c.anchor))).toEqual([]);
    const links = [...doc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.filter((anchor) => !anchors.has(anchor ?? ""))).toEqual([]);
  });

  it("is the only rules reference the code names (no pointer to a document outside the repository)", () => {
    const outside = files.filter((file) => /\bDOMAIN(-2025)?\.md\b/.test(readFileSync(file, "utf8"))).map((file) => relative(root, file));
    expect(outside).toEqual([]);
  });

  it("names every module of src/domain", () => {
    const modules = readdirSync(join(root, "src/domain")).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    expect(modules.filter((m) => !doc.includes(`src/domain/${m}`))).toEqual([]);
  });
});
