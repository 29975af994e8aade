"use client";

import { bookAppointmentAction } from "@/server/actions/appointments";
import type { BookingChoices } from "@/server/queries/slot-choices";
import { APPOINTMENT_KIND_LABELS } from "@/lib/labels";
import { bookHref } from "./reschedule-href";
import { SlotPicker } from "./SlotPicker";

/** Booking a follow-up or a joint meeting in one of the free slots the rule allows (docs/rules.md#moving-an-appointment). */
export function BookForm(props: { seekerId: string; choices: BookingChoices; timeZone: string; after?: string }) {
  const { seekerId, choices } = props;
  const label = APPOINTMENT_KIND_LABELS[choices.kind];
  return (
    <SlotPicker
      {...props}
      formLabel={`Prendre un rendez-vous : ${label}`}
      href={(agreed, from) => bookHref(seekerId, choices.kind, agreed, from)}
      initialChannel="AGENCY"
      fieldSuffix="nouveau"
      showOverdue={false}
      submit={(choice) => bookAppointmentAction({ seekerId, kind: choices.kind, ...choice })}
      done={(data, at) => `${label} pris le ${at(data.startsAt)}.`}
      submitLabel="Prendre ce rendez-vous"
      cancelLabel="Ne pas prendre de rendez-vous"
    />
  );
}
