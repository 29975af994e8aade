"use client";

import { useState } from "react";
import { CAP_BOUNDS, CAP_FIELDS, MODALITIES_2025, MODALITY_LABELS, MODALITY_SHORT_LABELS, type Modality, type Modality2025 } from "@/domain/modalities";
import { updateCapsAction } from "@/server/actions/agency-settings";
import type { ModalityLoads } from "@/server/queries/agency-settings";
import { ConfirmAndSubmit, confirmationOf, numberOf, useSettingsAction } from "./kit";
import { FieldError, inputClass } from "@/components/Field";
import { plural } from "@/lib/plural";

/** Caps per modality, with each modality's current loads and how many portfolios a proposed cap would leave above it. */
export function CapsForm({ agencyId, caps }: { agencyId: string; caps: ModalityLoads[] }) {
  const [values, setValues] = useState<Record<Modality, string>>(
    () => Object.fromEntries(caps.map((c) => [c.modality, String(c.cap)])) as Record<Modality, string>,
  );
  const [confirmed, setConfirmed] = useState(false);
  const { pending, outcome, setOutcome, submit, fieldError } = useSettingsAction();
  const asking = confirmationOf(outcome) === "BELOW_LOAD";

  function change(modality: Modality, value: string) {
    setValues((v) => ({ ...v, [modality]: value }));
    // An explanation given for other values no longer holds.
    if (asking) setOutcome(null);
    setConfirmed(false);
  }

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    // The 2025 caps only for an agency on the 2025 offer (the page lists them then).
    const caps2025 = Object.fromEntries(MODALITIES_2025.filter((m) => values[m] !== undefined).map((m) => [CAP_FIELDS[m], numberOf(values[m])])) as Partial<
      Record<(typeof CAP_FIELDS)[Modality2025], number>
    >;
    const input = {
      agencyId,
      capSuivi: numberOf(values.SUIVI),
      capGuide: numberOf(values.GUIDE),
      capRenforce: numberOf(values.RENFORCE),
      capGlobal: numberOf(values.GLOBAL),
      ...caps2025,
      ...(asking && confirmed ? { confirmBelowLoad: true } : {}),
    };
    submit(
      () => updateCapsAction(input),
      (data) => {
        if (data.changed.length === 0) return "Aucun plafond n'a changé.";
        const list = data.changed.map((m) => `${MODALITY_SHORT_LABELS[m].toLowerCase()} ${values[m]}`).join(", ");
        return (
          `Plafonds enregistrés (${list}) : ${plural(data.portfoliosUpdated, "portefeuille mis", "portefeuilles mis")} à jour` +
          (data.portfoliosAboveCap > 0 ? `, dont ${data.portfoliosAboveCap} au-dessus de leur nouveau plafond.` : ".")
        );
      },
      () => setConfirmed(false),
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby="plafonds-aide">
      <p id="plafonds-aide" className="mb-3 text-sm text-slate-700">
        Le plafond s&apos;applique à chaque portefeuille de la modalité (un·e conseiller·ère × une modalité). Enregistrer met à jour tous les portefeuilles de
        l&apos;agence dans cette modalité.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        {caps.map((c) => {
          const id = `cap-${c.modality}`;
          const field = CAP_FIELDS[c.modality];
          const proposed = numberOf(values[c.modality]);
          const above = proposed === null ? null : c.loads.filter((l) => l.load > proposed).length;
          const error = fieldError(field);
          return (
            <fieldset key={c.modality} className="rounded-md border border-slate-200 p-3">
              <legend className="px-1 font-medium">{MODALITY_LABELS[c.modality]}</legend>
              <label htmlFor={id} className="block text-sm">
                Plafond par portefeuille ({MODALITY_SHORT_LABELS[c.modality].toLowerCase()})
              </label>
              <input
                id={id}
                name={field}
                type="number"
                inputMode="numeric"
                min={CAP_BOUNDS[c.modality].min}
                max={CAP_BOUNDS[c.modality].max}
                step={1}
                value={values[c.modality]}
                onChange={(e) => change(c.modality, e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${id}-charges${error ? ` ${id}-erreur` : ""}`}
                className={inputClass}
              />
              <FieldError id={`${id}-erreur`} message={error} />
              <ul id={`${id}-charges`} className="mt-2 space-y-0.5 text-sm text-slate-700">
                <li>Plafond actuel : {c.cap}</li>
                <li>{plural(c.portfolios, "portefeuille")}</li>
                <li>Charge la plus élevée : {c.highestLoad}</li>
                <li aria-live="polite" className={above ? "font-medium text-amber-900" : undefined}>
                  Au-dessus du plafond proposé : {above === null ? "—" : above}
                </li>
                {c.modality === "RENFORCE" ? <li>{CAP_BOUNDS.RENFORCE.max} au plus : règle nationale de l&apos;accompagnement renforcé.</li> : null}
                {c.modality === "INTENSIF" ? <li>{CAP_BOUNDS.INTENSIF.max} au plus : arrêté du 6 août 2025 sur l&apos;accompagnement intensif.</li> : null}
                {c.modality === "AGILE" ? (
                  <li>
                    De {CAP_BOUNDS.AGILE.min} à {CAP_BOUNDS.AGILE.max} : repère Modalis, aucun chiffre n&apos;est publié.
                  </li>
                ) : null}
              </ul>
            </fieldset>
          );
        })}
      </div>
      <ConfirmAndSubmit outcome={outcome} asking={asking} confirmed={confirmed} onConfirmedChange={setConfirmed} pending={pending}>
        {asking ? "Appliquer les plafonds" : "Enregistrer les plafonds"}
      </ConfirmAndSubmit>
    </form>
  );
}
