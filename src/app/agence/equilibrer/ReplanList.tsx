import Link from "next/link";
import type { PreviewReplan } from "@/server/queries/balance-preview";
import { agencySeekerHref } from "@/components/seeker-file/href";
import { APPOINTMENT_KIND_LABELS } from "@/lib/labels";
import { formatDateTime, formatShortDate } from "@/lib/format";

/** A re-planned appointment, as the preview and the result list it. */
export type ReplanItem = PreviewReplan;

/** Each re-planned appointment with its old and new date; a review landing outside its window is said (docs/rules.md#rebalancing). */
export function ReplanList({ items, timeZone, label }: { items: ReplanItem[]; timeZone: string; label: string }) {
  const at = (iso: string) => formatDateTime(new Date(iso), timeZone);
  const outside = items.filter((item) => item.outsideWindow).length;
  return (
    <div>
      {outside > 0 ? (
        <p className="mb-2 text-sm font-medium text-amber-900">
          {outside === 1 ? "1 bilan tombe" : `${outside} bilans tombent`} hors de sa fenêtre : elle n&apos;a plus de créneau libre chez le nouveau conseiller.
        </p>
      ) : null}
      <ul aria-label={label} className="text-sm">
        {items.map((item) => (
          <li key={`${item.seekerId}-${item.fromStartsAt}`} className="border-t border-slate-100 px-3 py-2 first:border-t-0">
            <Link href={agencySeekerHref(item.seekerId)} className="font-medium text-brand-700 underline">
              {item.seekerName}
            </Link>{" "}
            — {APPOINTMENT_KIND_LABELS[item.kind]} : {at(item.fromStartsAt)} → {item.toStartsAt ? at(item.toStartsAt) : "aucun créneau libre"}
            {item.outsideWindow && item.window ? (
              <span className="ml-1 font-semibold text-amber-900">
                (hors de la fenêtre du bilan, du {formatShortDate(new Date(item.window.from))} au {formatShortDate(new Date(item.window.to))})
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
