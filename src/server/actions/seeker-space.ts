"use server";
/** Server actions of the seeker's own space (issue #6): 100 % web, the private calendar link, contact details and messages (issue 16). */
import { actionGroup } from "@/server/auth/guard";
import { createCalendarFeed, revokeCalendarFeed, setMyMessagePreferences, setMyWebOnly, updateMyContact } from "@/server/use-cases/seeker-space";
import { calendarFeedSchema, setMyMessagePreferencesSchema, setMyWebOnlySchema, updateMyContactSchema } from "@/server/use-cases/seeker-space.schema";

const seekerAction = actionGroup({ permission: "seeker-space:manage", revalidates: ["/mon-espace"] });

export const setMyWebOnlyAction = seekerAction("seekerSpace.setWebOnly", setMyWebOnlySchema, setMyWebOnly);

export const createCalendarFeedAction = seekerAction("seekerSpace.createCalendarFeed", calendarFeedSchema, createCalendarFeed);

export const revokeCalendarFeedAction = seekerAction("seekerSpace.revokeCalendarFeed", calendarFeedSchema, revokeCalendarFeed);

export const updateMyContactAction = seekerAction("seekerSpace.updateContact", updateMyContactSchema, updateMyContact);

export const setMyMessagePreferencesAction = seekerAction("seekerSpace.setMessagePreferences", setMyMessagePreferencesSchema, setMyMessagePreferences);
