"use client";

import { bookTandemAppointmentAction } from "@/server/actions/tandem";
import type { TandemBookingChoices } from "@/server/queries/tandem";
import { APPOINTMENT_KIND_LABELS } from "@/lib/labels";
import { SlotPicker } from "@/app/conseiller/demandeurs/[id]/SlotPicker";
import { tandemBookHref } from "./tandem-href";

/** The social worker books a joint meeting or the social review in a slot free for both (docs/rules.md#the-tandem-file). */
export function TandemBookForm(props: { seekerId: string; choices: TandemBookingChoices; timeZone: string; after?: string }) {
  const { seekerId, choices } = props;
  const label = APPOINTMENT_KIND_LABELS[choices.kind];
  return (
    <SlotPicker
      {...props}
      formLabel={`Prendre un rendez-vous : ${label}`}
      href={(agreed, from) => tandemBookHref(seekerId, choices.kind, agreed, from)}
      initialChannel="AGENCY"
      fieldSuffix="binome"
      showOverdue={false}
      submit={(choice) => bookTandemAppointmentAction({ seekerId, kind: choices.kind, ...choice })}
      done={(data, at) => `${label} pris le ${at(data.startsAt)}.`}
      submitLabel="Prendre ce rendez-vous"
      cancelLabel="Ne pas prendre de rendez-vous"
      fileHref={`/travailleur-social/demandeurs/${seekerId}`}
    />
  );
}
