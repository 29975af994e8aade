"use server";
/** Server action of the manager's review lists (issue 15): book the agency's missing M4/M9 reviews, or preview them (dry run). */
import { actionGroup } from "@/server/auth/guard";
import { bookMissingReviews } from "@/server/use-cases/book-reviews";
import { bookReviewsSchema } from "@/server/use-cases/book-reviews.schema";

/** The dashboard and the review lists count the booked reviews. */
const reviewsAction = actionGroup({ permission: "reviews:plan", revalidates: ["/agence", "/agence/bilans"] });

export const bookMissingReviewsAction = reviewsAction("agency.bookMissingReviews", bookReviewsSchema, (actor, input) => bookMissingReviews(actor, input));
