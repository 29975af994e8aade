/**
 * The messages to a seeker on the staff's file (issue 16), shared by the advisor's page and the manager's read-only
 * one: the contact state (bounced address, refused number, SMS consent, opt-out) and each message with its status —
 * for a failure, the reason the worker parked it with, for the advisor to act on (correct the address, call).
 * `children`: the advisor's correction form.
 */
import type { SeekerMessages } from "@/server/queries/messages";
import { formatNumericDateTime } from "@/lib/format";
import { MESSAGE_CHANNEL_LABELS, MESSAGE_KIND_LABELS, MESSAGE_STATUS_STAFF_LABELS } from "@/lib/message-labels";
import { Notice } from "@/components/Notice";
import { Section } from "@/components/Section";
import { TableScroller } from "@/components/TableScroller";

export function ContactStateSection({ data, children }: { data: SeekerMessages; children?: React.ReactNode }) {
  const { contact, timeZone } = data;
  const at = (iso: string) => formatNumericDateTime(new Date(iso), timeZone);
  return (
    <Section id="contact-messages" title="Coordonnées pour les messages">
      {contact.emailBouncedAt ? (
        <Notice tone="warning" className="mb-2 text-sm">
          L&apos;adresse e-mail ne fonctionne pas (refusée le {at(contact.emailBouncedAt)}
          {contact.emailBounceReason ? ` : ${contact.emailBounceReason}` : ""}). Aucun e-mail ne part tant qu&apos;elle n&apos;est pas corrigée.
        </Notice>
      ) : null}
      {contact.phoneInvalidAt ? (
        <Notice tone="warning" className="mb-2 text-sm">
          Le numéro a été refusé par l&apos;opérateur SMS (le {at(contact.phoneInvalidAt)}
          {contact.phoneInvalidReason ? ` : ${contact.phoneInvalidReason}` : ""}). Aucun SMS ne part tant qu&apos;il n&apos;est pas corrigé.
        </Notice>
      ) : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">E-mail</dt>
        <dd className="break-all">{contact.email ?? "—"}</dd>
        <dt className="text-slate-600">Téléphone</dt>
        <dd>
          {contact.phone ?? "—"}
          {contact.phone && !contact.phoneIsMobile ? " (pas un portable : pas de SMS)" : ""}
        </dd>
        <dt className="text-slate-600">SMS</dt>
        <dd>{contact.smsConsent ? `accepté${contact.smsConsentAt ? ` le ${at(contact.smsConsentAt)}` : ""}` : "non accepté"}</dd>
        <dt className="text-slate-600">Messages facultatifs</dt>
        <dd>{contact.optionalMessagesOptOut ? "refusés (seules les convocations aux bilans obligatoires partent)" : "acceptés"}</dd>
      </dl>
      {children}
    </Section>
  );
}

export function MessagesSection({ data }: { data: SeekerMessages }) {
  const at = (iso: string) => formatNumericDateTime(new Date(iso), data.timeZone);
  return (
    <Section id="messages" title={`Messages envoyés${data.failed ? ` (${data.failed} en échec)` : ""}`}>
      {data.messages.length === 0 ? (
        <p className="text-sm">Aucun message envoyé à cette personne.</p>
      ) : (
        <TableScroller label="Messages envoyés">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Les messages envoyés à la personne, du plus récent au plus ancien, avec leur état</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="px-2 py-2">
                  Date
                </th>
                <th scope="col" className="px-2 py-2">
                  Message
                </th>
                <th scope="col" className="px-2 py-2">
                  Canal
                </th>
                <th scope="col" className="px-2 py-2">
                  État
                </th>
              </tr>
            </thead>
            <tbody>
              {data.messages.map((message) => (
                <tr key={message.id} className="border-t border-slate-100 align-top">
                  <td className="px-2 py-2 whitespace-nowrap">{at(message.createdAt)}</td>
                  <td className="px-2 py-2">
                    {MESSAGE_KIND_LABELS[message.kind]}
                    {message.mandatory ? " (obligatoire)" : ""}
                    <span className="block text-slate-600">{message.subject}</span>
                  </td>
                  <td className="px-2 py-2">
                    {MESSAGE_CHANNEL_LABELS[message.channel]}
                    <span className="block break-all text-slate-600">{message.recipient}</span>
                  </td>
                  <td className="px-2 py-2">
                    {MESSAGE_STATUS_STAFF_LABELS[message.status]}
                    {message.status === "SENT" && message.sentAt ? <span className="block text-slate-600">le {at(message.sentAt)}</span> : null}
                    {message.status === "DELIVERED" && message.deliveredAt ? <span className="block text-slate-600">le {at(message.deliveredAt)}</span> : null}
                    {message.status === "FAILED" ? (
                      <span className="block text-red-800">
                        Motif : {message.lastError ?? "inconnu"} ({message.attempts} essai{message.attempts > 1 ? "s" : ""})
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      )}
    </Section>
  );
}
