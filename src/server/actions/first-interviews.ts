"use server";
/** Server action of the manager's queue page (issue 15): book the first interviews of the agency, or preview them (dry run). */
import { actionGroup } from "@/server/auth/guard";
import { bookFirstInterviews } from "@/server/use-cases/book-first-interviews";
import { bookFirstInterviewsSchema } from "@/server/use-cases/first-interviews.schema";

/** The queue and the dashboard show who has a first interview. */
const firstInterviewAction = actionGroup({ permission: "interviews:book", revalidates: ["/agence", "/agence/attente"] });

export const bookFirstInterviewsAction = firstInterviewAction("agency.bookFirstInterviews", bookFirstInterviewsSchema, (actor, input) =>
  bookFirstInterviews(actor, input),
);
