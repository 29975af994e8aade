/**
 * The notes shared by the GLOBAL tandem (docs/rules.md#the-tandem-file): on the social worker's tandem file and the
 * advisor's seeker file. Plain text (React escapes it), with the author and the date; never edited nor deleted.
 */
import { Section } from "@/components/Section";
import { formatDateTime } from "@/lib/format";
import { ROLE_LABELS } from "@/lib/labels";
import type { TandemNoteRow } from "@/server/queries/tandem";
import { TandemNoteForm } from "./TandemNoteForm";

export function TandemNotesSection({ seekerId, notes, timeZone, canWrite }: { seekerId: string; notes: TandemNoteRow[]; timeZone: string; canWrite: boolean }) {
  return (
    <Section id="notes-binome" title="Notes du binôme">
      <p className="mb-2 text-sm text-slate-700">
        Partagées entre le travailleur social et le conseiller ou la conseillère. Une note ne se modifie pas et ne s&apos;efface pas : écrivez seulement ce qui
        est utile au suivi.
      </p>
      {canWrite ? <TandemNoteForm seekerId={seekerId} /> : null}
      {notes.length === 0 ? (
        <p className="mt-3 text-sm">Aucune note pour l&apos;instant.</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {notes.map((note) => (
            <li key={note.id} className="rounded-md border border-slate-200 p-3">
              <p className="text-sm text-slate-700">
                {note.author ? `${note.author.firstName} ${note.author.lastName}` : "Auteur inconnu"} ({ROLE_LABELS[note.authorRole].toLowerCase()}), le{" "}
                {formatDateTime(new Date(note.createdAt), timeZone)}
              </p>
              <p className="mt-1 whitespace-pre-line break-words text-sm">{note.text}</p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
