"use server";
/** Server actions of the seeker's own space (issue #6); see seeker-space-actions.ts for how each is built. */
import type { ActionResult } from "@/server/auth/guard";
import type { CalendarFeedResult, MyWebOnlyResult, RevokeFeedResult } from "@/server/use-cases/seeker-space";
import { buildSeekerSpaceActions } from "./seeker-space-actions";

const actions = buildSeekerSpaceActions();

export async function setMyWebOnlyAction(input: unknown): Promise<ActionResult<MyWebOnlyResult>> {
  return actions.setWebOnly(input);
}

export async function createCalendarFeedAction(input: unknown): Promise<ActionResult<CalendarFeedResult>> {
  return actions.createCalendarFeed(input);
}

export async function revokeCalendarFeedAction(input: unknown): Promise<ActionResult<RevokeFeedResult>> {
  return actions.revokeCalendarFeed(input);
}
