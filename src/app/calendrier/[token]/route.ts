import { calendarFeedResponse } from "@/server/routes/seeker-space";

export const dynamic = "force-dynamic";

/** The seeker's private calendar feed (subscribed by their phone): the secret token in the URL is the credential. */
export async function GET(_request: Request, context: { params: Promise<{ token: string }> }) {
  const { token } = await context.params;
  return calendarFeedResponse(token);
}
