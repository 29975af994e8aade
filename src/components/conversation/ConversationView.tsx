import type { Role } from "@/generated/prisma/client";
import { formatDateTime } from "@/lib/format";
import type { Conversation } from "@/server/queries/conversations";
import { ComposeForm } from "./ComposeForm";
import { LivePoll } from "./LivePoll";
import { MarkRead } from "./MarkRead";

const ROLE_WORDS: Partial<Record<Role, string>> = {
  SEEKER: "demandeur·se d'emploi",
  ADVISOR: "conseiller·ère",
  SOCIAL_WORKER: "travailleur social",
};

/** Who can read the conversation, in plain words (the seeker reads « Votre conseiller·ère … »). */
export function readersSentence(conversation: Conversation, forSeeker: boolean): string {
  const { advisor, socialWorker } = conversation.participants;
  const advisorPart = advisor
    ? `${forSeeker ? "Votre" : "Le"} conseiller·ère ${advisor}`
    : forSeeker
      ? "Votre futur·e conseiller·ère"
      : "Le ou la conseiller·ère en charge";
  const you = forSeeker ? "" : ` et ${conversation.seeker.firstName} ${conversation.seeker.lastName}`;
  return socialWorker
    ? `${advisorPart}${you} et, pour l'accompagnement global, ${socialWorker} (travailleur social) peuvent lire ces messages.`
    : `${advisorPart}${you} peu${forSeeker ? "t" : "vent"} lire ces messages.`;
}

/**
 * A conversation: who can read it, the messages (plain text — a link stays text, nothing is rendered as HTML), the
 * form to write, and the light poll that refreshes the page when a message arrives.
 */
export function ConversationView({ conversation, seekerId, forSeeker }: { conversation: Conversation; seekerId?: string; forSeeker: boolean }) {
  const last = conversation.messages.at(-1);
  const lastRead = conversation.lastReadAt?.getTime() ?? 0;
  return (
    <div className="space-y-4">
      <p className="rounded border border-slate-200 bg-slate-50 p-3">{readersSentence(conversation, forSeeker)}</p>
      {conversation.messages.length === 0 ? (
        <p>Aucun message pour l&apos;instant.</p>
      ) : (
        <ol className="space-y-3" aria-label="Messages">
          {conversation.messages.map((m) => {
            const fresh = !m.mine && m.createdAt.getTime() > lastRead;
            return (
              <li key={m.id} className={`rounded-lg border p-3 ${m.mine ? "border-brand-100 bg-brand-50 sm:ml-8" : "border-slate-200 bg-white sm:mr-8"}`}>
                <p className="text-sm text-slate-700">
                  <span className="font-semibold text-slate-900">{m.mine ? "Vous" : m.authorName}</span>
                  {m.mine ? null : <> ({ROLE_WORDS[m.authorRole] ?? "agence"})</>}, le {formatDateTime(m.createdAt, conversation.timeZone)}
                  {fresh ? <span className="ml-2 rounded bg-amber-100 px-1 font-semibold text-amber-950">nouveau</span> : null}
                </p>
                <p className="mt-1 whitespace-pre-wrap break-words">{m.body === "" ? "(message effacé avec le dossier)" : m.body}</p>
              </li>
            );
          })}
        </ol>
      )}
      {conversation.canWrite ? (
        <ComposeForm seekerId={seekerId} large={forSeeker} />
      ) : (
        <p>{forSeeker ? "Vous pourrez écrire à votre conseiller·ère après votre premier entretien." : "Ce dossier ne permet plus d'écrire."}</p>
      )}
      <LivePoll seekerId={seekerId} latest={last ? last.createdAt.toISOString() : null} count={conversation.messages.length} />
      <MarkRead seekerId={seekerId} latest={last ? last.createdAt.toISOString() : null} />
    </div>
  );
}
