/**
 * The error page (issue 13, « when the database fails »): « Réessayer » asks the server for the page again (Next.js's
 * `retry`: router.refresh() and reset() in a transition) — reset() alone re-rendered what had failed and never
 * recovered — and the page keeps the site's header.
 */
import { createElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import ErrorPage from "@/app/error";
import GlobalError from "@/app/global-error";

type Props = { onClick?: () => void; children?: ReactNode };

/** The button element whose text is `label`, found in the element tree as written (components are not called). */
function findButton(node: ReactNode, label: string): ReactElement<Props> | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findButton(child, label);
      if (found) return found;
    }
    return null;
  }
  if (!isValidElement<Props>(node)) return null;
  if (node.type === "button" && node.props.children === label) return node;
  return findButton(node.props.children, label);
}

describe("error pages", () => {
  for (const [name, Page] of [
    ["error.tsx", ErrorPage],
    ["global-error.tsx", GlobalError],
  ] as const) {
    it(`${name}: « Réessayer » fetches the page again from the server (retry), not only reset()`, () => {
      const retry = vi.fn();
      const reset = vi.fn();
      const tree = Page({ error: new Error("base injoignable"), retry, reset });
      const button = findButton(tree, "Réessayer");
      expect(button).not.toBeNull();
      button!.props.onClick!();
      expect(retry).toHaveBeenCalledTimes(1);
      expect(reset).not.toHaveBeenCalled();
    });
  }

  it("error.tsx keeps the site's header: the brand, the account and a way out", () => {
    const html = renderToStaticMarkup(createElement(ErrorPage, { error: new Error("x"), retry: () => undefined, reset: () => undefined }));
    expect(html).toMatch(/<header[^>]*>.*>Modalis<\/a>.*Mon compte.*Se déconnecter.*<\/header>/s);
    expect(html).toContain("Service momentanément indisponible");
  });
});
