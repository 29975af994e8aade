/**
 * One message of the local mailbox, as the administrator reads it: its headers, its text part, and its HTML part as
 * escaped source — never rendered, so that no markup, script or remote image in a message runs or loads here.
 */
import type { MailboxMessage } from "@/server/messages/dev-mailbox";
import { MESSAGE_CHANNEL_LABELS } from "@/lib/message-labels";
import { Section } from "@/components/Section";

const pre = "mt-1 max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 whitespace-pre-wrap";

export function MailboxMessageView({
  message,
  storedAt,
  channel,
  children,
}: {
  message: MailboxMessage;
  storedAt: string;
  channel: "EMAIL" | "SMS";
  children?: React.ReactNode;
}) {
  return (
    <Section id="message-ouvert" title={message.subject || "(sans objet)"}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">De</dt>
        <dd className="break-all">{message.from}</dd>
        <dt className="text-slate-600">À</dt>
        <dd className="break-all">{message.to}</dd>
        <dt className="text-slate-600">Reçu le</dt>
        <dd>{storedAt}</dd>
        <dt className="text-slate-600">Canal</dt>
        <dd>{MESSAGE_CHANNEL_LABELS[channel]}</dd>
        {message.attachments?.length ? (
          <>
            <dt className="text-slate-600">Pièces jointes</dt>
            <dd>{message.attachments.map((a) => `${a.filename} (${a.contentType})`).join(", ")}</dd>
          </>
        ) : null}
      </dl>
      <h3 className="mt-4 font-semibold">Texte</h3>
      <pre className={`${pre} text-sm`}>{message.text}</pre>
      {message.html ? (
        <details className="mt-3">
          <summary className="cursor-pointer font-semibold">Version HTML (source, non interprétée)</summary>
          <pre className={`${pre} text-xs`}>{message.html}</pre>
        </details>
      ) : null}
      {children}
    </Section>
  );
}
