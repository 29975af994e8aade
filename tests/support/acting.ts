/**
 * Calling the application's real server actions and route handlers as a given actor at a given time, the way a
 * browser request would reach them but without a session cookie: each call runs inside `actingAs`
 * (src/server/context.ts), which the guard and the use cases read. `resolve` is awaited at every call, so a test may
 * change who acts between calls; `clock` likewise.
 */
import * as account from "@/server/actions/account";
import * as agencySettings from "@/server/actions/agency-settings";
import * as appointments from "@/server/actions/appointments";
import * as appointmentRequests from "@/server/actions/appointment-requests";
import * as breaches from "@/server/actions/breaches";
import * as confirmDiagnostic from "@/server/actions/confirm-diagnostic";
import * as contactDetails from "@/server/actions/contact-details";
import * as conversations from "@/server/actions/conversations";
import * as firstInterviews from "@/server/actions/first-interviews";
import * as orientation2025 from "@/server/actions/orientation-2025";
import * as engagementContract from "@/server/actions/engagement-contract";
import * as placements from "@/server/actions/placements";
import * as rebalance from "@/server/actions/rebalance";
import * as registrationImports from "@/server/actions/registration-imports";
import * as reviews from "@/server/actions/reviews";
import * as seekerLifeCycle from "@/server/actions/seeker-life-cycle";
import * as seekerSpace from "@/server/actions/seeker-space";
import * as triageCampaigns from "@/server/actions/triage-campaigns";
import * as tandem from "@/server/actions/tandem";
import type { Actor } from "@/server/auth/policy";
import { actingAs } from "@/server/context";
import * as exportRoutes from "@/server/routes/agency-exports";
import * as conversationRoutes from "@/server/routes/conversations";
import * as registrationRoutes from "@/server/routes/registration-imports";
import * as seekerRoutes from "@/server/routes/seeker-space";

type Resolve = () => Promise<Actor | null>;
type Clock = () => Date;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAsync = (...args: any[]) => Promise<unknown>;

/** `fn`, called as the actor `resolve` gives at the time `clock` gives. */
export function as<F extends AnyAsync>(fn: F, resolve: Resolve, clock?: Clock): F {
  return (async (...args: Parameters<F>) => {
    const actor = await resolve();
    return actingAs(actor, () => fn(...args), { now: clock?.() });
  }) as F;
}

function bind<T extends Record<string, AnyAsync>>(fns: T, resolve: Resolve, clock?: Clock): T {
  return Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, as(fn, resolve, clock)])) as T;
}

export const appointmentActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind(
    {
      recordOutcome: appointments.recordOutcomeAction,
      cancelAppointment: appointments.cancelAppointmentAction,
      rescheduleAppointment: appointments.rescheduleAppointmentAction,
      bookAppointment: appointments.bookAppointmentAction,
      setWebOnly: appointments.setWebOnlyAction,
    },
    resolve,
    clock,
  );

export const appointmentRequestActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind(
    {
      create: appointmentRequests.createAppointmentRequestAction,
      acceptProposal: appointmentRequests.acceptProposalAction,
      answer: appointmentRequests.answerAppointmentRequestAction,
    },
    resolve,
    clock,
  );

export const confirmDiagnosticActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind({ confirmDiagnostic: confirmDiagnostic.confirmDiagnosticAction }, resolve, clock);

export const orientationActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind(
    {
      orientSeeker2025: orientation2025.orientSeeker2025Action,
      recordDepartementDecision: orientation2025.recordDepartementDecisionAction,
    },
    resolve,
    clock,
  );

export const contractActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind({ saveEngagementContract: engagementContract.saveEngagementContractAction }, resolve, clock);
export const breachActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind(
    {
      reportBreach: breaches.reportBreachAction,
      notifyBreach: breaches.notifyBreachAction,
      answerBreach: breaches.answerBreachAction,
      decideBreach: breaches.decideBreachAction,
      liftBreach: breaches.liftBreachAction,
    },
    resolve,
    clock,
  );

export const firstInterviewActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind({ bookFirstInterviews: firstInterviews.bookFirstInterviewsAction }, resolve, clock);

export const placementActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind(
    {
      requestPlacement: placements.requestPlacementAction,
      placeBeyondCap: placements.placeBeyondCapAction,
      declinePlacement: placements.declinePlacementAction,
    },
    resolve,
    clock,
  );

export const reviewActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind({ bookMissingReviews: reviews.bookMissingReviewsAction, bookJointDiagnostics: reviews.bookJointDiagnosticsAction }, resolve, clock);

export const rebalanceActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind({ moveSeekers: rebalance.moveSeekersAction, applyBalance: rebalance.applyBalanceAction }, resolve, clock);

export const agencySettingsActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind(
    {
      updateCaps: agencySettings.updateCapsAction,
      updateHours: agencySettings.updateHoursAction,
      updateFirstInterviewDeadline: agencySettings.updateFirstInterviewDeadlineAction,
      updateMinNotice: agencySettings.updateMinNoticeAction,
      updateMessageReply: agencySettings.updateMessageReplyAction,
      updateReminders: agencySettings.updateRemindersAction,
      updateRetention: agencySettings.updateRetentionAction,
      updateGlobalPartnership: agencySettings.updateGlobalPartnershipAction,
      updateOffer: agencySettings.updateOfferAction,
      createSocialWorker: agencySettings.createSocialWorkerAction,
      deactivateSocialWorker: agencySettings.deactivateSocialWorkerAction,
      reactivateSocialWorker: agencySettings.reactivateSocialWorkerAction,
    },
    resolve,
    clock,
  );

export const seekerSpaceActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind(
    {
      setWebOnly: seekerSpace.setMyWebOnlyAction,
      createCalendarFeed: seekerSpace.createCalendarFeedAction,
      revokeCalendarFeed: seekerSpace.revokeCalendarFeedAction,
      updateContact: seekerSpace.updateMyContactAction,
      setMessagePreferences: seekerSpace.setMyMessagePreferencesAction,
    },
    resolve,
    clock,
  );

export const contactActionsAs = (resolve: Resolve, clock?: Clock) => bind({ correctContact: contactDetails.correctContactAction }, resolve, clock);

export const lifeCycleActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind(
    {
      closeSeeker: seekerLifeCycle.closeSeekerAction,
      reopenSeeker: seekerLifeCycle.reopenSeekerAction,
      transferSeeker: seekerLifeCycle.transferSeekerAction,
    },
    resolve,
    clock,
  );

export const tandemActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind({ addNote: tandem.addTandemNoteAction, book: tandem.bookTandemAppointmentAction }, resolve, clock);

export const accountActionsAs = (resolve: Resolve, clock?: Clock) => bind({ changePassword: account.changePasswordAction }, resolve, clock);

export const exportRoutesAs = (resolve: Resolve, clock?: Clock) =>
  bind(
    {
      charges: exportRoutes.chargesExport,
      overdueReviews: exportRoutes.overdueReviewsExport,
      movements: exportRoutes.movementsExport,
      orientations2025: exportRoutes.orientations2025Export,
    },
    resolve,
    clock,
  );

export const registrationImportActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind({ confirmImport: registrationImports.confirmRegistrationImportAction }, resolve, clock);

export const registrationImportRoutesAs = (resolve: Resolve, clock?: Clock) =>
  bind({ upload: registrationRoutes.uploadRegistrationFile, report: registrationRoutes.registrationReportRoute }, resolve, clock);

export const seekerRoutesAs = (resolve: Resolve, clock?: Clock) =>
  bind({ appointmentIcs: seekerRoutes.appointmentIcs, dataExport: seekerRoutes.dataExport }, resolve, clock);

/** The subscribed calendar feed as a phone would fetch it (no session), at `now`. */
export const calendarFeedAt = (token: string, now: Date) => actingAs(null, () => seekerRoutes.calendarFeedResponse(token), { now });

export const campaignActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind(
    {
      preview: triageCampaigns.previewCampaignAction,
      open: triageCampaigns.openCampaignAction,
      reassign: triageCampaigns.reassignCampaignAction,
      close: triageCampaigns.closeCampaignAction,
      setClosure: triageCampaigns.setClosureAction,
      removeClosure: triageCampaigns.removeClosureAction,
      confirmUnchanged: triageCampaigns.confirmUnchangedAction,
    },
    resolve,
    clock,
  );

export const conversationActionsAs = (resolve: Resolve, clock?: Clock) =>
  bind({ send: conversations.sendConversationMessageAction, markRead: conversations.markConversationReadAction }, resolve, clock);

export const conversationRoutesAs = (resolve: Resolve, clock?: Clock) => bind({ poll: conversationRoutes.conversationPoll }, resolve, clock);
