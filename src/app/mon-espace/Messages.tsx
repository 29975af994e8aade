/** « Mes coordonnées » and « Mes messages » on /mon-espace (issue 16): what the seeker receives, how, and where it is. */
import { MESSAGE_LIST_LIMIT, type MyMessages } from "@/server/queries/messages";
import { formatDateTime } from "@/lib/format";
import { MESSAGE_KIND_LABELS, MESSAGE_STATUS_LABELS } from "@/lib/message-labels";
import { Notice } from "@/components/Notice";
import { Section } from "@/components/Section";
import { ContactForm, MessageChoicesForm } from "./ContactForms";

/** The warnings of the contact section: an address that bounced, a number refused, consent without a mobile. */
export function contactWarnings(contact: MyMessages["contact"]): string[] {
  const warnings: string[] = [];
  if (contact.emailBouncedAt) {
    warnings.push("Votre adresse e-mail ne fonctionne pas : nos e-mails ne vous arrivent pas. Corrigez-la ou donnez une autre adresse.");
  }
  if (contact.phoneInvalidAt) {
    warnings.push("Votre numéro de téléphone a été refusé : nos SMS ne vous arrivent pas. Corrigez-le ou donnez un autre numéro.");
  }
  if (contact.smsConsent && contact.phone && !contact.phoneIsMobile && !contact.phoneInvalidAt) {
    warnings.push("Votre numéro n'est pas un numéro de portable : il ne peut pas recevoir de SMS.");
  }
  return warnings;
}

export function ContactSection({ data }: { data: MyMessages }) {
  const { contact } = data;
  const warnings = contactWarnings(contact);
  return (
    <Section id="coordonnees" title="Mes coordonnées" large>
      {warnings.map((warning) => (
        <Notice key={warning} tone="warning" className="mb-3">
          {warning}
        </Notice>
      ))}
      <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-700">E-mail</dt>
        <dd className="break-all">{contact.email ?? "aucune adresse"}</dd>
        <dt className="text-slate-700">Portable</dt>
        <dd>{contact.phone ?? "aucun numéro"}</dd>
        <dt className="text-slate-700">SMS</dt>
        <dd>{contact.smsConsent ? "oui, j'accepte les SMS" : "non"}</dd>
      </dl>
      <ContactForm email={contact.email} phone={contact.phone} />
      <h3 className="mt-6 text-lg font-semibold">Les messages que je reçois</h3>
      <p className="mb-3">Nous vous écrivons par e-mail. Si vous le voulez, nous vous écrivons aussi par SMS.</p>
      <MessageChoicesForm smsConsent={contact.smsConsent} optionalMessagesOptOut={contact.optionalMessagesOptOut} />
    </Section>
  );
}

export function MessagesSection({ data }: { data: MyMessages }) {
  return (
    <Section id="messages" title="Mes messages" large>
      {data.messages.length === 0 ? (
        <p>Nous ne vous avons encore envoyé aucun message.</p>
      ) : (
        <ul className="divide-y divide-slate-200">
          {data.messages.map((message) => (
            <li key={message.id} className="py-3">
              <p className="font-semibold">{message.subject || MESSAGE_KIND_LABELS[message.kind]}</p>
              <p className="text-sm text-slate-700">
                {MESSAGE_KIND_LABELS[message.kind]} · le {formatDateTime(new Date(message.createdAt), data.timeZone)} · par{" "}
                {message.channel === "SMS" ? "SMS" : "e-mail"}
              </p>
              <p className="text-sm">
                État : <strong>{MESSAGE_STATUS_LABELS[message.status]}</strong>
                {message.status === "FAILED" ? " — votre conseiller·ère est prévenu·e." : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
      {data.messages.length >= MESSAGE_LIST_LIMIT ? (
        <p className="mt-2 text-sm text-slate-700">Seuls les {MESSAGE_LIST_LIMIT} derniers messages sont montrés.</p>
      ) : null}
    </Section>
  );
}
