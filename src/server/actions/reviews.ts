"use server";
/**
 * Server actions of the review lists: the manager books the agency's missing M4/M9 reviews, or previews them (dry run,
 * issue 15); « planifier » books joint diagnostics through the same use case (issue 20).
 */
import { bookMissingReviews } from "@/server/use-cases/book-reviews";
import { bookJointDiagnosticsSchema, bookReviewsSchema } from "@/server/use-cases/book-reviews.schema";
import { actionGroup, authorizedAction } from "@/server/auth/guard";

/** The dashboard and the review lists count the booked reviews. */
const reviewsAction = actionGroup({ permission: "reviews:plan", revalidates: ["/agence", "/agence/bilans"] });

export const bookMissingReviewsAction = reviewsAction("agency.bookMissingReviews", bookReviewsSchema, (actor, input) => bookMissingReviews(actor, input));

/** « Planifier » a joint diagnostic (issue 20): one seeker's (the advisor in charge, or the manager), or the agency's (the manager). */
export const bookJointDiagnosticsAction = authorizedAction({
  name: "seeker.bookJointDiagnostics",
  permission: "joint-diagnostic:book",
  schema: bookJointDiagnosticsSchema,
  revalidates: ["/conseiller", "/conseiller/demandeurs/[id]", "/agence", "/agence/bilans", "/agence/demandeurs/[id]"],
  run: (actor, input) => bookMissingReviews(actor, { ...input, kind: "JOINT_DIAGNOSTIC" }),
});
