"use client";

import { useEffect, useState } from "react";
import { usePathname } from "next/navigation";
import { Notice } from "./Notice";

/**
 * Success messages after an action (« 3 demandeurs déplacés… »): kept for one page of this tab in sessionStorage and
 * shown once, never put in the URL — a link cannot make the site display a message of its choosing, and a seeker's
 * name never lands in history, logs or a Referer.
 */
const KEY = "modalis:flash";
const EVENT = "modalis:flash";
const CLEAR_EVENT = "modalis:flash-clear";
/** A message not shown within this delay (the navigation failed, say) is dropped. */
const MAX_AGE_MS = 60_000;

type Stored = { text: string; path: string; at: number };

/** Keeps `text` for the page at `path` (this page by default), which shows it at the top, once. */
export function flash(text: string, path: string = window.location.pathname): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ text, path, at: Date.now() } satisfies Stored));
  } catch {
    return; // storage refused (private mode quota): the action succeeded, only its message is lost
  }
  window.dispatchEvent(new Event(EVENT));
}

/**
 * Takes down the message shown (and one kept but not shown yet): the page moved on to something else — the next
 * file's confirmation was sent — and the message about the previous one must not stay above what this one answers.
 */
export function clearFlash(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // storage refused: nothing was kept
  }
  window.dispatchEvent(new Event(CLEAR_EVENT));
}

/** The message kept for `path`, consumed; null when there is none (or it is stale, or for another page). */
function take(path: string): string | null {
  let stored: Partial<Stored> | null = null;
  try {
    stored = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Partial<Stored> | null;
  } catch {
    stored = null;
  }
  if (!stored || stored.path !== path) return null;
  sessionStorage.removeItem(KEY);
  const fresh = typeof stored.at === "number" && Date.now() - stored.at <= MAX_AGE_MS;
  return fresh && typeof stored.text === "string" ? stored.text : null;
}

/** Where a page shows the message kept for it (AppShell puts it under the title). */
export function FlashMessage() {
  const pathname = usePathname();
  const [shown, setShown] = useState<{ path: string; text: string } | null>(null);
  useEffect(() => {
    const show = () => {
      const text = take(pathname);
      if (text !== null) setShown({ path: pathname, text });
    };
    const clear = () => setShown(null);
    show();
    window.addEventListener(EVENT, show);
    window.addEventListener(CLEAR_EVENT, clear);
    return () => {
      window.removeEventListener(EVENT, show);
      window.removeEventListener(CLEAR_EVENT, clear);
    };
  }, [pathname]);
  if (!shown || shown.path !== pathname) return null;
  return (
    <Notice tone="success" className="mb-4">
      {shown.text}
    </Notice>
  );
}
