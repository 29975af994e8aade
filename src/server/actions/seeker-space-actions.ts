/**
 * The seeker's own actions on `/mon-espace` (issue #6), built with the default actor resolver by the "use server"
 * file and with an injected one (and clock) by the tests. Kept out of the "use server" file so that the builder
 * is not itself a public endpoint.
 */
import { authorizedAction } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import { createCalendarFeed, revokeCalendarFeed, setMyWebOnly } from "@/server/use-cases/seeker-space";
import { calendarFeedSchema, setMyWebOnlySchema } from "@/server/use-cases/seeker-space.schema";

type ResolveActor = (() => Promise<Actor | null>) | undefined;
type Clock = () => Date;

export function buildSeekerSpaceActions(resolveActor?: ResolveActor, clock: Clock = () => new Date()) {
  return {
    setWebOnly: authorizedAction({
      name: "seekerSpace.setWebOnly",
      permission: "seeker-space:manage",
      schema: setMyWebOnlySchema,
      resolveActor,
      run: (actor, input) => setMyWebOnly(actor, input, { now: clock() }),
    }),
    createCalendarFeed: authorizedAction({
      name: "seekerSpace.createCalendarFeed",
      permission: "seeker-space:manage",
      schema: calendarFeedSchema,
      resolveActor,
      run: (actor, input) => createCalendarFeed(actor, input, { now: clock() }),
    }),
    revokeCalendarFeed: authorizedAction({
      name: "seekerSpace.revokeCalendarFeed",
      permission: "seeker-space:manage",
      schema: calendarFeedSchema,
      resolveActor,
      run: (actor, input) => revokeCalendarFeed(actor, input, { now: clock() }),
    }),
  };
}
