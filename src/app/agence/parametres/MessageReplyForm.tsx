"use client";

import { updateMessageReplyAction } from "@/server/actions/agency-settings";
import { MESSAGE_REPLY_DAYS_BOUNDS } from "@/domain/conversations";
import { NumberSettingForm } from "./NumberSettingForm";

/** Working days an advisor has to answer a seeker's message before it shows « en retard » (docs/rules.md#conversations). */
export function MessageReplyForm({ agencyId, days }: { agencyId: string; days: number }) {
  return (
    <NumberSettingForm
      field={{ id: "delai-messages", name: "messageReplyWorkingDays", ...MESSAGE_REPLY_DAYS_BOUNDS }}
      label={<>Délai de réponse aux messages des demandeurs (jours ouvrés)</>}
      initial={days}
      help={
        <>
          De {MESSAGE_REPLY_DAYS_BOUNDS.min} à {MESSAGE_REPLY_DAYS_BOUNDS.max} jours ouvrés, comptés après le jour du message (sans les jours fériés ni les
          fermetures de l&apos;agence). Passé ce délai, une conversation sans réponse est signalée « en retard ».
        </>
      }
      submitLabel="Enregistrer le délai de réponse"
      save={(messageReplyWorkingDays) => updateMessageReplyAction({ agencyId, messageReplyWorkingDays })}
      success={(data, value) =>
        data.changed.length === 0
          ? "Le délai de réponse n'a pas changé."
          : `Délai de réponse enregistré : ${value} jour${value === "1" ? "" : "s"} ouvré${value === "1" ? "" : "s"}.`
      }
    />
  );
}
