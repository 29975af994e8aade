"use client";

import { updateFirstInterviewDeadlineAction } from "@/server/actions/agency-settings";
import { DEADLINE_MAX_DAYS, DEADLINE_MIN_DAYS } from "@/domain/firstInterview";
import { NumberSettingForm } from "./NumberSettingForm";

/** Days from registration within which the first (diagnostic) interview is due; later ones are flagged late. */
export function DeadlineForm({ agencyId, days }: { agencyId: string; days: number }) {
  return (
    <NumberSettingForm
      field={{ id: "delai", name: "firstInterviewDeadlineDays", min: DEADLINE_MIN_DAYS, max: DEADLINE_MAX_DAYS }}
      label={<>Délai du premier entretien (jours après l&apos;inscription)</>}
      initial={days}
      help={
        <>
          De {DEADLINE_MIN_DAYS} à {DEADLINE_MAX_DAYS} jours (convention 2015–2018 : 2 à 4 semaines). Au-delà, le premier entretien est signalé en retard dans
          la file à diagnostiquer et le tableau de bord.
        </>
      }
      submitLabel="Enregistrer le délai"
      save={(firstInterviewDeadlineDays) => updateFirstInterviewDeadlineAction({ agencyId, firstInterviewDeadlineDays })}
      success={(data, value) => (data.changed.length === 0 ? "Le délai n'a pas changé." : `Délai enregistré : ${value} jours après l'inscription.`)}
    />
  );
}
