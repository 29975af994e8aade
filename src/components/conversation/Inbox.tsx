import Link from "next/link";
import { formatDateTime, formatShortDate } from "@/lib/format";
import type { InboxLine } from "@/server/queries/conversations";

/** One line per conversation: unread count, unanswered since, reply deadline and « en retard » once passed. */
export function Inbox({ lines, base }: { lines: InboxLine[]; base: string }) {
  if (lines.length === 0) return <p>Aucune conversation pour l&apos;instant.</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Conversations">
      {lines.map((line) => (
        <li key={line.seekerId} className="flex flex-wrap items-center justify-between gap-2 p-3">
          <div>
            <Link href={`${base}/${line.seekerId}`} className="font-semibold text-brand-700 underline underline-offset-2">
              {line.firstName} {line.lastName}
            </Link>
            <p className="text-sm text-slate-700">Dernier message le {formatDateTime(line.lastAt, line.timeZone)}</p>
          </div>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            {line.unread > 0 ? (
              <span className="rounded bg-brand-700 px-2 py-0.5 font-semibold text-white">
                {line.unread} non lu{line.unread > 1 ? "s" : ""}
              </span>
            ) : null}
            {line.pending ? (
              line.pending.late ? (
                <span className="rounded bg-red-100 px-2 py-0.5 font-semibold text-red-900">
                  Sans réponse, en retard (réponse attendue le {formatShortDate(new Date(`${line.pending.deadline}T12:00:00Z`))})
                </span>
              ) : (
                <span className="rounded bg-amber-100 px-2 py-0.5 text-amber-950">
                  Sans réponse, réponse attendue au plus tard le {formatShortDate(new Date(`${line.pending.deadline}T12:00:00Z`))}
                </span>
              )
            ) : (
              <span className="text-slate-700">Répondu</span>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
