/**
 * Route handlers of the seeker's space (issue #6), exported by the route files under src/app/mon-espace:
 * the .ics file of one appointment and the data export go through `authorizedRoute` (session, `seeker-space:read`,
 * own record only: another seeker's appointment id answers 404); the subscribed feed has no session, its secret
 * token is the credential. Nothing here may be cached by a browser or a proxy.
 */
import "server-only";
import { authorizedRoute } from "@/server/auth/guard";
import { now } from "@/server/context";
import { DomainError } from "@/server/errors";
import { journaledRead } from "@/server/audit";
import { calendarFeed, myAppointmentCalendar } from "@/server/queries/seeker-calendar";
import { dataExported, myData } from "@/server/queries/my-data";
import { readIdParam } from "@/lib/route-params";

export const PRIVATE_HEADERS = {
  "Cache-Control": "private, no-store, max-age=0",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
} as const;

const NOT_FOUND_APPOINTMENT = "Rendez-vous introuvable.";

/** Every answer of the route, refusals included (401, 403, 404), carries PRIVATE_HEADERS. */
function privately<Context>(route: (request: Request, context: Context) => Promise<Response>) {
  return async (request: Request, context: Context): Promise<Response> => {
    const response = await route(request, context);
    for (const [name, value] of Object.entries(PRIVATE_HEADERS)) if (!response.headers.has(name)) response.headers.set(name, value);
    return response;
  };
}

/** One appointment as an .ics file: GET /mon-espace/rendez-vous/[id]/ics. */
export const appointmentIcs = privately(
  authorizedRoute<{ params: Promise<{ id: string }> }>({
    name: "seekerSpace.appointmentIcs",
    permission: "seeker-space:read",
    run: async (actor, _request, context) => {
      const id = readIdParam((await context.params).id);
      const file = id ? await myAppointmentCalendar(actor, id, { now: now() }) : null;
      if (!file) throw new DomainError("NOT_FOUND", NOT_FOUND_APPOINTMENT);
      return new Response(file.body, {
        headers: {
          ...PRIVATE_HEADERS,
          "Content-Type": "text/calendar; charset=utf-8",
          "Content-Disposition": `attachment; filename="${file.filename}"`,
        },
      });
    },
  }),
);

/** Everything the service holds about the signed-in seeker, as a JSON file (RGPD right of access). */
export const dataExport = privately(
  authorizedRoute<unknown>({
    name: "seekerSpace.dataExport",
    permission: "seeker-space:read",
    run: async (actor) => {
      const result = await journaledRead(
        () => myData(actor, { now: now() }),
        (exported) => dataExported(actor, exported),
      );
      if (!result) throw new DomainError("NOT_FOUND", "Votre dossier n'a pas été trouvé. Contactez votre agence.");
      return new Response(`${JSON.stringify(result.data, null, 2)}\n`, {
        headers: {
          ...PRIVATE_HEADERS,
          "Content-Type": "application/json; charset=utf-8",
          "Content-Disposition": `attachment; filename="${result.filename}"`,
        },
      });
    },
  }),
);

/** The subscribed feed: `token` may end in `.ics`. Unknown, malformed or revoked → 404, never a hint of which. */
export async function calendarFeedResponse(token: string): Promise<Response> {
  const body = await calendarFeed(token.replace(/\.ics$/, ""), { now: now() });
  if (body === null) {
    return new Response("Ce lien d'agenda n'existe pas ou a été supprimé.\n", {
      status: 404,
      headers: { ...PRIVATE_HEADERS, "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(body, {
    headers: {
      ...PRIVATE_HEADERS,
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="mes-rendez-vous.ics"',
    },
  });
}
