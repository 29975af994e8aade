"use client";

import { useState } from "react";
import { createSocialWorkerAction, deactivateSocialWorkerAction, reactivateSocialWorkerAction } from "@/server/actions/agency-settings";
import type { SocialWorkerRow } from "@/server/queries/agency-settings";
import type { CreatedSocialWorker } from "@/server/use-cases/social-workers";
import { secondaryButton, SubmitButton, useSettingsAction } from "./kit";
import { inputClass, TextField } from "@/components/Field";
import { ActionNotice } from "@/components/Notice";
import { ofName } from "@/lib/format";
import { plural } from "@/lib/plural";

/** The département's social workers of the agency: the list, a new account, deactivation and reactivation. */
export function SocialWorkers({ agencyId, workers }: { agencyId: string; workers: SocialWorkerRow[] }) {
  return (
    <div>
      {workers.length === 0 ? (
        <p className="text-sm">Aucun compte de travailleur social pour cette agence.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Comptes des travailleurs sociaux">
          {workers.map((w) => (
            <WorkerItem key={w.id} agencyId={agencyId} worker={w} colleagues={workers.filter((c) => c.active && c.id !== w.id)} />
          ))}
        </ul>
      )}
      <CreateWorkerForm agencyId={agencyId} />
    </div>
  );
}

function WorkerItem({ agencyId, worker, colleagues }: { agencyId: string; worker: SocialWorkerRow; colleagues: SocialWorkerRow[] }) {
  const { pending, outcome, submit } = useSettingsAction();
  const [successorId, setSuccessorId] = useState("");
  const name = `${worker.firstName} ${worker.lastName}`;
  const selectId = `reprise-${worker.id}`;

  function deactivate() {
    submit(
      () => deactivateSocialWorkerAction({ agencyId, userId: worker.id, ...(worker.openTandems > 0 && successorId ? { transferToId: successorId } : {}) }),
      (data) =>
        data.tandemsTransferred > 0
          ? `Compte ${ofName(name)} désactivé ; ${plural(data.tandemsTransferred, "binôme repris", "binômes repris")} et ${plural(data.appointmentsTransferred, "rendez-vous transféré", "rendez-vous transférés")}. Ses sessions sont fermées.`
          : `Compte ${ofName(name)} désactivé. Ses sessions sont fermées.`,
    );
  }

  function reactivate() {
    submit(
      () => reactivateSocialWorkerAction({ agencyId, userId: worker.id }),
      () => `Compte ${ofName(name)} réactivé.`,
    );
  }

  return (
    <li className="p-3" aria-label={name}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <p className="font-medium">{name}</p>
        <span className={`rounded px-2 py-0.5 text-sm ${worker.active ? "bg-green-100 text-green-900" : "bg-slate-200 text-slate-800"}`}>
          {worker.active ? "Actif" : "Désactivé"}
        </span>
      </div>
      <p className="break-all text-sm text-slate-700">{worker.email}</p>
      <p className="text-sm text-slate-700">{plural(worker.openTandems, "binôme en cours", "binômes en cours")}</p>
      <div className="mt-2 flex flex-wrap items-end gap-2">
        {worker.active ? (
          <>
            {worker.openTandems > 0 ? (
              <div className="w-full sm:w-auto">
                <label htmlFor={selectId} className="block text-sm">
                  Reprise des binômes par
                </label>
                <select id={selectId} value={successorId} onChange={(e) => setSuccessorId(e.target.value)} className={inputClass}>
                  <option value="">— choisir —</option>
                  {colleagues.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.firstName} {c.lastName}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <button type="button" disabled={pending} onClick={deactivate} className={secondaryButton}>
              Désactiver le compte {ofName(name)}
            </button>
          </>
        ) : (
          <button type="button" disabled={pending} onClick={reactivate} className={secondaryButton}>
            Réactiver le compte {ofName(name)}
          </button>
        )}
      </div>
      <ActionNotice outcome={outcome} />
    </li>
  );
}

function CreateWorkerForm({ agencyId }: { agencyId: string }) {
  const [firstName, setFirstName] = useState("");
  const [lastName, setLastName] = useState("");
  const [email, setEmail] = useState("");
  const [created, setCreated] = useState<CreatedSocialWorker | null>(null);
  const [copied, setCopied] = useState(false);
  const { pending, outcome, submit, fieldError } = useSettingsAction();

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setCreated(null);
    setCopied(false);
    submit(
      () => createSocialWorkerAction({ agencyId, firstName, lastName, email }),
      (data) => `Compte créé pour ${data.firstName} ${data.lastName} (${data.email}).`,
      (data) => {
        setCreated(data);
        setFirstName("");
        setLastName("");
        setEmail("");
      },
    );
  }

  const text = (id: string, label: string, name: "firstName" | "lastName" | "email", value: string, set: (v: string) => void, type = "text") => (
    <TextField id={id} label={label} name={name} type={type} autoComplete="off" value={value} onChange={(e) => set(e.target.value)} error={fieldError(name)} />
  );

  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 rounded-md border border-slate-200 p-3">
      <h3 className="font-medium">Créer un compte de travailleur social</h3>
      <div className="mt-2 grid gap-3 sm:grid-cols-3">
        {text("ts-prenom", "Prénom", "firstName", firstName, setFirstName)}
        {text("ts-nom", "Nom", "lastName", lastName, setLastName)}
        {text("ts-email", "Adresse e-mail", "email", email, setEmail, "email")}
      </div>
      <ActionNotice outcome={outcome} />
      {created ? (
        <div className="mt-3 rounded-md border border-brand-600 bg-brand-50 p-3 text-sm" aria-labelledby="mdp-titre">
          <p id="mdp-titre" className="font-medium">
            Mot de passe provisoire de {created.firstName} {created.lastName}
          </p>
          <p className="mt-1">
            <code className="select-all break-all rounded bg-white px-2 py-1 font-mono text-base" data-testid="mot-de-passe-provisoire">
              {created.temporaryPassword}
            </code>
          </p>
          <p className="mt-1">
            Il n&apos;est affiché qu&apos;une seule fois et n&apos;est conservé nulle part en clair : communiquez-le à la personne par un canal sûr.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="button"
              className={secondaryButton}
              onClick={() => {
                void navigator.clipboard?.writeText(created.temporaryPassword).then(
                  () => setCopied(true),
                  () => setCopied(false),
                );
              }}
            >
              {copied ? "Copié" : "Copier le mot de passe"}
            </button>
            <button type="button" className={secondaryButton} onClick={() => setCreated(null)}>
              J&apos;ai transmis le mot de passe
            </button>
          </div>
        </div>
      ) : null}
      <SubmitButton pending={pending} pendingLabel="Création…">
        Créer le compte
      </SubmitButton>
    </form>
  );
}
