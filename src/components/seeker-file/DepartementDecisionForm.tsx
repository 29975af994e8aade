"use client";

/**
 * Records the département's decision on an RSA recipient's orientation proposed to it (docs/rules.md#orientation-2025):
 * the parcours, the organisme référent and the decision's date, with an optional note. Opened on demand.
 */
import { useState } from "react";
import { PARCOURS, PARCOURS_LABELS, REFERENT_LABELS, REFERENTS, type Parcours, type Referent } from "@/domain/offer2025Labels";
import { recordDepartementDecisionAction } from "@/server/actions/orientation-2025";
import { SelectField, TextField } from "@/components/Field";
import { FormInPlace } from "@/components/FormInPlace";

export function DepartementDecisionForm({
  seekerId,
  proposed,
  today,
}: {
  seekerId: string;
  proposed: { parcours: Parcours; referent: Referent };
  today: string;
}) {
  const [parcours, setParcours] = useState<Parcours>(proposed.parcours);
  const [referent, setReferent] = useState<Referent>(proposed.referent);
  const [decidedOn, setDecidedOn] = useState(today);
  const [note, setNote] = useState("");

  return (
    <FormInPlace
      openLabel="Enregistrer la décision du département"
      label="Décision du département"
      saved="Décision du département enregistrée."
      submit={() => recordDepartementDecisionAction({ seekerId, parcours, referent, decidedOn, ...(note.trim() ? { note } : {}) })}
    >
      <SelectField id="decision-parcours" label="Parcours décidé" value={parcours} onChange={(event) => setParcours(event.target.value as Parcours)}>
        {PARCOURS.map((p) => (
          <option key={p} value={p}>
            {PARCOURS_LABELS[p]}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="decision-referent"
        label="Organisme qui suivra la personne"
        value={referent}
        onChange={(event) => setReferent(event.target.value as Referent)}
      >
        {REFERENTS.map((r) => (
          <option key={r} value={r}>
            {REFERENT_LABELS[r]}
          </option>
        ))}
      </SelectField>
      <TextField
        id="decision-date"
        label="Date de la décision"
        type="date"
        max={today}
        value={decidedOn}
        onChange={(event) => setDecidedOn(event.target.value)}
      />
      <TextField
        id="decision-note"
        label="Note (facultative)"
        value={note}
        onChange={(event) => setNote(event.target.value)}
        help="Un autre organisme que France Travail : le dossier lui sera confié et les rendez-vous à venir annulés (la personne est prévenue)."
      />
    </FormInPlace>
  );
}
