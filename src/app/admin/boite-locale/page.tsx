import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/env";
import { requirePageActor } from "@/server/auth/session";
import { mailboxDirectory, openDevMailbox, type MailboxMessage } from "@/server/messages/dev-mailbox";
import { outboxMessageKinds } from "@/server/queries/messages";
import { formatNumericDateTime } from "@/lib/format";
import { MESSAGE_CHANNEL_LABELS, MESSAGE_KIND_LABELS } from "@/lib/message-labels";
import { AppShell } from "@/components/AppShell";
import { TableScroller } from "@/components/TableScroller";
import { MailboxMessageView } from "./MailboxMessage";
import { optionalIdParam } from "@/lib/route-params";

export const metadata: Metadata = { title: "Boîte aux lettres locale" };
export const dynamic = "force-dynamic";

const PARIS = "Europe/Paris";

/** An entry's channel: without an SMS provider the SMS are kept here too; an entry stored before SMS is an e-mail. */
function channelOf(message: MailboxMessage): "EMAIL" | "SMS" {
  return message.channel === "SMS" ? "SMS" : "EMAIL";
}

/**
 * What the local mailbox received (issue 16): without `SMTP_URL`, the messages to seekers are not sent but kept under
 * the data directory (src/server/messages/dev-mailbox.ts), so that a newcomer sees what Modalis sends. Administrators
 * only: the messages name seekers. A message is shown as text — its HTML part as escaped source, never rendered, so
 * nothing in it runs.
 */
export default async function LocalMailboxPage({ searchParams }: { searchParams: Promise<{ message?: string | string[] }> }) {
  const actor = await requirePageActor("admin:read");
  const environment = env();
  const query = await searchParams;
  const selectedId = optionalIdParam(query.message) ?? null;

  if (environment.SMTP_URL && environment.SMS_API_KEY) {
    return (
      <AppShell actor={actor} title="Boîte aux lettres locale">
        <p>
          Les messages aux demandeurs partent vers le serveur SMTP configuré (variable <code>SMTP_URL</code>) et les SMS vers l&apos;opérateur SMS (variable{" "}
          <code>SMS_API_KEY</code>) : la boîte aux lettres locale n&apos;est pas utilisée. Consultez les messages sur ce serveur.
        </p>
      </AppShell>
    );
  }
  const kept = environment.SMTP_URL
    ? "les e-mails partent vers le serveur SMTP (SMTP_URL), mais, SMS_API_KEY n'étant pas défini, les SMS ne partent pas"
    : environment.SMS_API_KEY
      ? "SMTP_URL n'étant pas défini, les e-mails aux demandeurs ne partent pas"
      : "SMTP_URL n'étant pas défini, les messages aux demandeurs ne partent pas";

  const mailbox = openDevMailbox(mailboxDirectory(environment.PGLITE_DATA_DIR));
  const messages = mailbox.list();
  const kinds = await outboxMessageKinds(
    actor,
    messages.map((message) => message.id),
  );
  const selected = selectedId ? (mailbox.read(selectedId)?.message ?? null) : null;
  const at = (iso: string) => formatNumericDateTime(new Date(iso), PARIS);

  return (
    <AppShell actor={actor} title="Boîte aux lettres locale">
      <p className="mb-4 max-w-3xl">
        {kept.charAt(0).toUpperCase() + kept.slice(1)} : ils sont gardés ici (les {mailbox.keep} derniers, dans{" "}
        <code className="break-all">{mailbox.directory}</code>), pour voir ce que Modalis envoie. Ils contiennent des données personnelles.
      </p>

      {selectedId ? (
        selected ? (
          <MailboxMessageView message={selected} storedAt={at(selected.storedAt)} channel={channelOf(selected)}>
            <p className="mt-3">
              <Link className="text-brand-700 underline" href="/admin/boite-locale">
                Fermer le message
              </Link>
            </p>
          </MailboxMessageView>
        ) : (
          <p role="status" className="mb-4">
            Ce message n&apos;est plus dans la boîte (elle ne garde que les derniers).
          </p>
        )
      ) : null}

      <div className="mt-4">
        {messages.length === 0 ? (
          <p>Aucun message pour l&apos;instant. Prenez un rendez-vous pour un demandeur : sa convocation arrivera ici.</p>
        ) : (
          <TableScroller label="Messages reçus par la boîte locale">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Messages reçus par la boîte aux lettres locale, du plus récent au plus ancien</caption>
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="px-3 py-2">
                    Reçu le
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Destinataire
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Objet
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Canal
                  </th>
                </tr>
              </thead>
              <tbody>
                {messages.map((message) => {
                  const known = kinds.get(message.id);
                  return (
                    <tr key={message.id} className={`border-t border-slate-100 ${message.id === selectedId ? "bg-brand-50" : ""}`}>
                      <td className="px-3 py-2 whitespace-nowrap">{at(message.storedAt)}</td>
                      <td className="px-3 py-2 break-all">{message.to}</td>
                      <td className="px-3 py-2">
                        <Link className="text-brand-700 underline" href={`/admin/boite-locale?message=${encodeURIComponent(message.id)}#message-ouvert`}>
                          {message.subject || "(sans objet)"}
                        </Link>
                        {known ? <span className="block text-slate-600">{MESSAGE_KIND_LABELS[known.kind]}</span> : null}
                      </td>
                      <td className="px-3 py-2">{MESSAGE_CHANNEL_LABELS[known?.channel ?? channelOf(message)]}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroller>
        )}
      </div>
    </AppShell>
  );
}
