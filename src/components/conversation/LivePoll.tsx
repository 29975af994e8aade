"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/** Seconds between two checks of the conversation (docs/rules.md#conversations). */
const POLL_SECONDS = 20;

/**
 * A light poll, not a live connection: every 20 s while the tab is visible, asks the latest message's time and count
 * (no content) and refreshes the page when they changed. Paused when the tab is hidden; checks again on return.
 */
export function LivePoll({ seekerId, latest, count }: { seekerId?: string; latest: string | null; count: number }) {
  const router = useRouter();
  const known = useRef({ latest, count });
  useEffect(() => {
    known.current = { latest, count };
  }, [latest, count]);
  useEffect(() => {
    const url = `/api/conversations/etat${seekerId ? `?demandeur=${encodeURIComponent(seekerId)}` : ""}`;
    let timer: ReturnType<typeof setInterval> | undefined;
    async function check() {
      try {
        const response = await fetch(url, { cache: "no-store" });
        if (!response.ok) return;
        const state = (await response.json()) as { latest: string | null; count: number };
        if (state.latest !== known.current.latest || state.count !== known.current.count) {
          known.current = state;
          router.refresh();
        }
      } catch {
        // Offline for a moment: the next check tries again.
      }
    }
    function start() {
      stop();
      if (document.visibilityState === "visible") timer = setInterval(() => void check(), POLL_SECONDS * 1000);
    }
    function stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    }
    function onVisibility() {
      if (document.visibilityState === "visible") void check();
      start();
    }
    start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [seekerId, router]);
  return null;
}
