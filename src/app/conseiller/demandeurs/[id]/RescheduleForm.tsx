"use client";

import { rescheduleAppointmentAction } from "@/server/actions/appointments";
import type { RescheduleChoices } from "@/server/queries/slot-choices";
import { formatDateTime, formatShortDate } from "@/lib/format";
import { rescheduleHref } from "./reschedule-href";
import { SlotPicker } from "./SlotPicker";

/**
 * Rescheduling one appointment: the free slots the rule allows (docs/rules.md#moving-an-appointment), a few at a time,
 * a channel, and « La personne est d'accord » for a date earlier than the agency's notice. The server checks the slot
 * again when it books it.
 */
export function RescheduleForm(props: { seekerId: string; choices: RescheduleChoices; timeZone: string; after?: string }) {
  const { seekerId, choices, timeZone } = props;
  const id = choices.appointmentId;
  const window = choices.window;
  return (
    <SlotPicker
      {...props}
      formId={`report-${id}`}
      formLabel="Reporter le rendez-vous"
      intro={
        <>
          <p className="text-sm">
            Rendez-vous actuel : {formatDateTime(new Date(choices.startsAt), timeZone)}.{" "}
            {window ? `Fenêtre du bilan : du ${formatShortDate(new Date(window.from))} au ${formatShortDate(new Date(window.to))}.` : null}
          </p>
          {choices.overdue ? (
            <p className="text-sm font-medium text-amber-900">
              La fenêtre du bilan n&apos;a plus de créneau libre : les créneaux proposés sont les premiers après elle, et le bilan sera en retard.
            </p>
          ) : null}
        </>
      }
      href={(agreed, from) => rescheduleHref(seekerId, id, agreed, from)}
      initialChannel={choices.channel}
      fieldSuffix={id}
      showOverdue
      submit={(choice) => rescheduleAppointmentAction({ appointmentId: id, ...choice })}
      done={(data, at) =>
        `Rendez-vous déplacé au ${at(data.startsAt)}.${data.overdue ? " Le bilan sera en retard : sa fenêtre n'avait plus de créneau libre." : ""}`
      }
      submitLabel="Déplacer le rendez-vous"
      cancelLabel="Ne pas reporter"
    />
  );
}
