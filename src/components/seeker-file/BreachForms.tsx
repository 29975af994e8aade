"use client";

/**
 * The forms of a breach's steps (docs/rules.md#breaches-2025), opened in place: report a breach, record the notice,
 * the person's answer, the decision as entered by the manager, the remobilisation. The server checks the order and
 * the dates (French messages next to the form).
 */
import { useState } from "react";
import {
  BREACH_ANSWER_KINDS,
  BREACH_ANSWER_LABELS,
  BREACH_AUTHORITIES,
  BREACH_AUTHORITY_LABELS,
  BREACH_DECISION_KINDS,
  BREACH_DECISION_LABELS,
  BREACH_OBLIGATIONS,
  BREACH_OBLIGATION_LABELS,
  type BreachAnswerKind,
  type BreachAuthority,
  type BreachDecisionKind,
  type BreachObligation,
} from "@/domain/breachLabels";
import { answerBreachAction, decideBreachAction, liftBreachAction, notifyBreachAction, reportBreachAction } from "@/server/actions/breaches";
import { SelectField, TextField } from "@/components/Field";
import { FormInPlace } from "@/components/FormInPlace";

export function ReportBreachForm({ seekerId, today }: { seekerId: string; today: string }) {
  const [obligation, setObligation] = useState<BreachObligation>("APPOINTMENT_MISSED");
  const [facts, setFacts] = useState("");
  const [occurredOn, setOccurredOn] = useState(today);
  return (
    <FormInPlace
      openLabel="Signaler un manquement"
      label="Signaler un manquement"
      saved="Manquement signalé."
      submit={() => reportBreachAction({ seekerId, obligation, facts, occurredOn })}
    >
      <SelectField id="breach-obligation" label="Obligation concernée" value={obligation} onChange={(e) => setObligation(e.target.value as BreachObligation)}>
        {BREACH_OBLIGATIONS.map((o) => (
          <option key={o} value={o}>
            {BREACH_OBLIGATION_LABELS[o]}
          </option>
        ))}
      </SelectField>
      <TextField
        id="breach-facts"
        label="Faits constatés"
        value={facts}
        onChange={(e) => setFacts(e.target.value)}
        help="Les faits seulement, sans appréciation (10 caractères au moins)."
      />
      <TextField id="breach-date" label="Date du manquement" type="date" max={today} value={occurredOn} onChange={(e) => setOccurredOn(e.target.value)} />
    </FormInPlace>
  );
}

export function NotifyBreachForm({ breachId, today }: { breachId: string; today: string }) {
  const [notifiedOn, setNotifiedOn] = useState(today);
  return (
    <FormInPlace
      openLabel="Enregistrer la notification"
      label="Notification du manquement"
      saved="Notification enregistrée : la personne a 10 jours pour répondre."
      submit={() => notifyBreachAction({ breachId, notifiedOn })}
    >
      <TextField
        id={`notice-${breachId}`}
        label="Date de la notification"
        type="date"
        max={today}
        value={notifiedOn}
        onChange={(e) => setNotifiedOn(e.target.value)}
        help="La personne a 10 jours à partir de cette date pour répondre par écrit ou demander à être entendue."
      />
    </FormInPlace>
  );
}

export function AnswerBreachForm({ breachId, today }: { breachId: string; today: string }) {
  const [answeredOn, setAnsweredOn] = useState(today);
  const [answerKind, setAnswerKind] = useState<BreachAnswerKind>("WRITTEN");
  const [summary, setSummary] = useState("");
  return (
    <FormInPlace
      openLabel="Enregistrer la réponse de la personne"
      label="Réponse de la personne"
      saved="Réponse enregistrée."
      submit={() => answerBreachAction({ breachId, answeredOn, answerKind, ...(summary.trim() ? { summary } : {}) })}
    >
      <SelectField
        id={`answer-kind-${breachId}`}
        label="Forme de la réponse"
        value={answerKind}
        onChange={(e) => setAnswerKind(e.target.value as BreachAnswerKind)}
      >
        {BREACH_ANSWER_KINDS.map((k) => (
          <option key={k} value={k}>
            {BREACH_ANSWER_LABELS[k]}
          </option>
        ))}
      </SelectField>
      <TextField
        id={`answer-date-${breachId}`}
        label="Date de la réponse"
        type="date"
        max={today}
        value={answeredOn}
        onChange={(e) => setAnsweredOn(e.target.value)}
      />
      <TextField id={`answer-summary-${breachId}`} label="Résumé (facultatif)" value={summary} onChange={(e) => setSummary(e.target.value)} />
    </FormInPlace>
  );
}

export function DecideBreachForm({ breachId, today }: { breachId: string; today: string }) {
  const [decidedOn, setDecidedOn] = useState(today);
  const [decisionKind, setDecisionKind] = useState<BreachDecisionKind>("NO_FURTHER_ACTION");
  const [authority, setAuthority] = useState<BreachAuthority>("FRANCE_TRAVAIL_REGIONAL_DIRECTOR");
  const [decisionText, setDecisionText] = useState("");
  return (
    <FormInPlace
      openLabel="Saisir la décision reçue"
      label="Décision sur le manquement"
      saved="Décision enregistrée."
      submit={() => decideBreachAction({ breachId, decidedOn, decisionKind, authority, decisionText })}
    >
      <p className="text-sm text-slate-700">Modalis ne propose ni ne calcule aucune sanction : saisissez la décision telle qu&apos;elle a été prise.</p>
      <SelectField
        id={`decision-authority-${breachId}`}
        label="Décision prise par"
        value={authority}
        onChange={(e) => setAuthority(e.target.value as BreachAuthority)}
      >
        {BREACH_AUTHORITIES.map((a) => (
          <option key={a} value={a}>
            {BREACH_AUTHORITY_LABELS[a]}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`decision-kind-${breachId}`}
        label="Décision"
        value={decisionKind}
        onChange={(e) => setDecisionKind(e.target.value as BreachDecisionKind)}
      >
        {BREACH_DECISION_KINDS.map((k) => (
          <option key={k} value={k}>
            {BREACH_DECISION_LABELS[k]}
          </option>
        ))}
      </SelectField>
      <TextField
        id={`decision-text-${breachId}`}
        label="Texte de la décision, tel que reçu"
        value={decisionText}
        onChange={(e) => setDecisionText(e.target.value)}
        help="Par exemple « pas de suite », ou la sanction telle qu'elle est écrite dans la décision."
      />
      <TextField
        id={`decision-date-${breachId}`}
        label="Date de la décision"
        type="date"
        max={today}
        value={decidedOn}
        onChange={(e) => setDecidedOn(e.target.value)}
      />
    </FormInPlace>
  );
}

export function LiftBreachForm({ breachId, today }: { breachId: string; today: string }) {
  const [liftedOn, setLiftedOn] = useState(today);
  const [note, setNote] = useState("");
  return (
    <FormInPlace
      openLabel="Enregistrer la remobilisation"
      label="Remobilisation"
      saved="Remobilisation enregistrée : le manquement est levé."
      submit={() => liftBreachAction({ breachId, liftedOn, ...(note.trim() ? { note } : {}) })}
    >
      <TextField
        id={`lift-date-${breachId}`}
        label="Date de la remobilisation"
        type="date"
        max={today}
        value={liftedOn}
        onChange={(e) => setLiftedOn(e.target.value)}
      />
      <TextField id={`lift-note-${breachId}`} label="Note (facultative)" value={note} onChange={(e) => setNote(e.target.value)} />
    </FormInPlace>
  );
}
