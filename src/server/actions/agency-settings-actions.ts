/**
 * The agency settings page's actions (issue #5), one authorized action per use case, built with the default actor
 * resolver by the "use server" file, and with an injected one (and clock) by the tests. Kept out of the
 * "use server" file so that the builder is not itself a public endpoint.
 */
import { revalidatePath } from "next/cache";
import { authorizedAction } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import {
  createSocialWorker,
  deactivateSocialWorker,
  reactivateSocialWorker,
  updateCaps,
  updateFirstInterviewDeadline,
  updateGlobalPartnership,
  updateHours,
} from "@/server/use-cases/agency-settings";
import {
  createSocialWorkerSchema,
  deactivateSocialWorkerSchema,
  reactivateSocialWorkerSchema,
  updateCapsSchema,
  updateDeadlineSchema,
  updateHoursSchema,
  updatePartnershipSchema,
} from "@/server/use-cases/agency-settings.schema";

type ResolveActor = (() => Promise<Actor | null>) | undefined;
type Clock = () => Date;

/** The settings page and the agency page show what changed. */
function refreshPages(): void {
  try {
    revalidatePath("/agence/parametres");
    revalidatePath("/agence");
  } catch {
    // Outside a Next.js request (tests, scripts) there is no cache to refresh.
  }
}

function refreshing<T>(result: T): T {
  refreshPages();
  return result;
}

export function buildAgencySettingsActions(resolveActor?: ResolveActor, clock: Clock = () => new Date()) {
  return {
    updateCaps: authorizedAction({
      name: "agency.updateCaps",
      permission: "agency:configure",
      schema: updateCapsSchema,
      resolveActor,
      run: async (actor, input) => refreshing(await updateCaps(actor, input, { now: clock() })),
    }),
    updateHours: authorizedAction({
      name: "agency.updateHours",
      permission: "agency:configure",
      schema: updateHoursSchema,
      resolveActor,
      run: async (actor, input) => refreshing(await updateHours(actor, input, { now: clock() })),
    }),
    updateFirstInterviewDeadline: authorizedAction({
      name: "agency.updateFirstInterviewDeadline",
      permission: "agency:configure",
      schema: updateDeadlineSchema,
      resolveActor,
      run: async (actor, input) => refreshing(await updateFirstInterviewDeadline(actor, input, { now: clock() })),
    }),
    updateGlobalPartnership: authorizedAction({
      name: "agency.updateGlobalPartnership",
      permission: "agency:configure",
      schema: updatePartnershipSchema,
      resolveActor,
      run: async (actor, input) => refreshing(await updateGlobalPartnership(actor, input, { now: clock() })),
    }),
    createSocialWorker: authorizedAction({
      name: "agency.createSocialWorker",
      permission: "agency:configure",
      schema: createSocialWorkerSchema,
      resolveActor,
      run: async (actor, input) => refreshing(await createSocialWorker(actor, input, { now: clock() })),
    }),
    deactivateSocialWorker: authorizedAction({
      name: "agency.deactivateSocialWorker",
      permission: "agency:configure",
      schema: deactivateSocialWorkerSchema,
      resolveActor,
      run: async (actor, input) => refreshing(await deactivateSocialWorker(actor, input, { now: clock() })),
    }),
    reactivateSocialWorker: authorizedAction({
      name: "agency.reactivateSocialWorker",
      permission: "agency:configure",
      schema: reactivateSocialWorkerSchema,
      resolveActor,
      run: async (actor, input) => refreshing(await reactivateSocialWorker(actor, input, { now: clock() })),
    }),
  };
}
