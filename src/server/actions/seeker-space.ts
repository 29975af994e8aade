"use server";
/** Server actions of the seeker's own space (issue #6): 100 % web, and the private calendar link. */
import { authorizedAction } from "@/server/auth/guard";
import { createCalendarFeed, revokeCalendarFeed, setMyWebOnly } from "@/server/use-cases/seeker-space";
import { calendarFeedSchema, setMyWebOnlySchema } from "@/server/use-cases/seeker-space.schema";

const SEEKER_PAGES = ["/mon-espace"] as const;

export const setMyWebOnlyAction = authorizedAction({
  name: "seekerSpace.setWebOnly",
  permission: "seeker-space:manage",
  schema: setMyWebOnlySchema,
  revalidates: SEEKER_PAGES,
  run: (actor, input) => setMyWebOnly(actor, input),
});

export const createCalendarFeedAction = authorizedAction({
  name: "seekerSpace.createCalendarFeed",
  permission: "seeker-space:manage",
  schema: calendarFeedSchema,
  revalidates: SEEKER_PAGES,
  run: (actor, input) => createCalendarFeed(actor, input),
});

export const revokeCalendarFeedAction = authorizedAction({
  name: "seekerSpace.revokeCalendarFeed",
  permission: "seeker-space:manage",
  schema: calendarFeedSchema,
  revalidates: SEEKER_PAGES,
  run: (actor, input) => revokeCalendarFeed(actor, input),
});
