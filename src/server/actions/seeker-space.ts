"use server";
/** Server actions of the seeker's own space (issue #6): 100 % web, and the private calendar link. */
import { actionGroup } from "@/server/auth/guard";
import { createCalendarFeed, revokeCalendarFeed, setMyWebOnly } from "@/server/use-cases/seeker-space";
import { calendarFeedSchema, setMyWebOnlySchema } from "@/server/use-cases/seeker-space.schema";

const seekerAction = actionGroup({ permission: "seeker-space:manage", revalidates: ["/mon-espace"] });

export const setMyWebOnlyAction = seekerAction("seekerSpace.setWebOnly", setMyWebOnlySchema, setMyWebOnly);

export const createCalendarFeedAction = seekerAction("seekerSpace.createCalendarFeed", calendarFeedSchema, createCalendarFeed);

export const revokeCalendarFeedAction = seekerAction("seekerSpace.revokeCalendarFeed", calendarFeedSchema, revokeCalendarFeed);
