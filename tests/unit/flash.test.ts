import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearFlash, flash } from "@/components/Flash";

/** A tab's session storage and window, enough for the flash store (the tests run without a browser). */
function fakeTab() {
  const stored = new Map<string, string>();
  const sessionStorage = {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, value),
    removeItem: (key: string) => void stored.delete(key),
  };
  const window = Object.assign(new EventTarget(), { location: { pathname: "/conseiller/diagnostic/a" } });
  vi.stubGlobal("sessionStorage", sessionStorage);
  vi.stubGlobal("window", window);
  return { stored, window };
}

describe("the success message of the previous file (issue 15)", () => {
  let tab: ReturnType<typeof fakeTab>;
  beforeEach(() => {
    tab = fakeTab();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("is kept for the next file's page, then taken down when that file's confirmation is sent", () => {
    const events: string[] = [];
    for (const type of ["modalis:flash", "modalis:flash-clear"]) tab.window.addEventListener(type, () => events.push(type));

    flash("Jean Petit : accompagnement guidé confirmé.", "/conseiller/diagnostic/b");
    expect(JSON.parse(tab.stored.get("modalis:flash") ?? "null")).toMatchObject({
      text: "Jean Petit : accompagnement guidé confirmé.",
      path: "/conseiller/diagnostic/b",
    });

    clearFlash();
    // The page showing it hears the clear event; a message not shown yet is dropped too.
    expect(events).toEqual(["modalis:flash", "modalis:flash-clear"]);
    expect(tab.stored.has("modalis:flash")).toBe(false);
  });
});
