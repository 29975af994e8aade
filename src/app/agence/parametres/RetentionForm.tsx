"use client";

import { updateRetentionAction } from "@/server/actions/agency-settings";
import { CLOSED_FILE_RETENTION_BOUNDS } from "@/domain/reminders";
import { NumberSettingForm } from "./NumberSettingForm";

/** How long a closed file is kept, after closing, before it is anonymised (docs/rules.md#retention). */
export function RetentionForm({ agencyId, months }: { agencyId: string; months: number }) {
  return (
    <NumberSettingForm
      field={{ id: "conservation", name: "closedFileRetentionMonths", ...CLOSED_FILE_RETENTION_BOUNDS }}
      label={<>Conservation d&apos;un dossier clos (mois)</>}
      initial={months}
      help={
        <>
          De {CLOSED_FILE_RETENTION_BOUNDS.min} à {CLOSED_FILE_RETENTION_BOUNDS.max} mois après la clôture. Passé ce délai, le dossier est anonymisé chaque nuit
          : nom, coordonnées, date de naissance, réponses du diagnostic et textes des messages sont effacés.
        </>
      }
      submitLabel="Enregistrer la durée de conservation"
      save={(closedFileRetentionMonths) => updateRetentionAction({ agencyId, closedFileRetentionMonths })}
      success={(data, value) =>
        data.changed.length === 0 ? "La durée de conservation n'a pas changé." : `Durée de conservation enregistrée : ${value} mois après la clôture.`
      }
    />
  );
}
