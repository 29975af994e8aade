"use client";

import { updateMinNoticeAction } from "@/server/actions/agency-settings";
import { MIN_NOTICE_BOUNDS } from "@/domain/scheduling";
import { NumberSettingForm } from "./NumberSettingForm";

/** Days of notice a seeker gets, at least, when an appointment is moved (unless they agreed to an earlier date). */
export function NoticeForm({ agencyId, days }: { agencyId: string; days: number }) {
  return (
    <NumberSettingForm
      field={{ id: "prevenance", name: "minNoticeDays", ...MIN_NOTICE_BOUNDS }}
      label={<>Délai de prévenance d&apos;un rendez-vous déplacé (jours)</>}
      initial={days}
      help={
        <>
          De {MIN_NOTICE_BOUNDS.min} à {MIN_NOTICE_BOUNDS.max} jours. Un rendez-vous reporté ou replanifié n&apos;est pas placé plus tôt que ce délai après
          aujourd&apos;hui, sauf si la personne est d&apos;accord.
        </>
      }
      submitLabel="Enregistrer le délai de prévenance"
      save={(minNoticeDays) => updateMinNoticeAction({ agencyId, minNoticeDays })}
      success={(data, value) =>
        data.changed.length === 0
          ? "Le délai de prévenance n'a pas changé."
          : `Délai de prévenance enregistré : ${value} jour${value === "0" || value === "1" ? "" : "s"}.`
      }
    />
  );
}
