import { appointmentIcs } from "@/server/routes/seeker-space";

export const dynamic = "force-dynamic";

/** One of the signed-in seeker's appointments as an .ics file. */
export const GET = appointmentIcs;
