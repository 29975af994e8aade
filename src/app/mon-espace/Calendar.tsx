/** The seeker's appointments in their own calendar app: the .ics buttons explained, and the private feed's link. */
import { headers } from "next/headers";
import { env } from "@/env";
import { Section } from "@/components/Section";
import { CalendarFeedPanel } from "./SeekerSpaceForms";

/** The feed's address on this site (NEXTAUTH_URL, else the request's host), and the same as webcal:. */
async function feedUrls(token: string | null): Promise<{ feedUrl: string | null; webcalUrl: string | null }> {
  if (!token) return { feedUrl: null, webcalUrl: null };
  let base = env().NEXTAUTH_URL;
  if (!base) {
    const h = await headers();
    const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
    base = `${h.get("x-forwarded-proto") ?? "http"}://${host}`;
  }
  const url = new URL(`/calendrier/${token}.ics`, base);
  return { feedUrl: url.toString(), webcalUrl: url.toString().replace(/^https?:/, "webcal:") };
}

export async function Calendar({ token }: { token: string | null }) {
  const urls = await feedUrls(token);
  return (
    <Section id="agenda" title="Mes rendez-vous dans mon agenda" large>
      <p>
        Chaque rendez-vous a un bouton « Ajouter à mon agenda » : il télécharge un fichier. Ouvrez-le, et le rendez-vous s&apos;ajoute à l&apos;agenda de votre
        téléphone.
      </p>
      <p className="mt-2">
        Avec un <strong>lien d&apos;agenda</strong>, votre téléphone se met à jour tout seul : nouveaux rendez-vous, changements d&apos;heure, annulations.
      </p>
      <div className="mt-3">
        <CalendarFeedPanel feedUrl={urls.feedUrl} webcalUrl={urls.webcalUrl} />
      </div>
    </Section>
  );
}
