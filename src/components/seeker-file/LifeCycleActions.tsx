"use client";

/**
 * A file's life cycle on the seeker's page (issue 17): « Clore le dossier » (reason, day, confirmation), « Rouvrir le
 * dossier », « Transférer vers une autre agence » (a new address in another agency's territory, or the agency chosen,
 * confirmed after reading what a transfer does). Each opens on demand.
 */
import { useState } from "react";
import { useRouter } from "next/navigation";
import { closeSeekerAction, reopenSeekerAction, transferSeekerAction } from "@/server/actions/seeker-life-cycle";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { SelectField, TextField } from "@/components/Field";
import { EXIT_REASON_LABELS, EXIT_REASONS } from "@/lib/labels";
import type { ExitReason } from "@/generated/prisma/enums";

const buttonClass = "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";
const primaryClass = "min-h-11 rounded-md bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60";

type Props = {
  seekerId: string;
  closed: boolean;
  /** The agency's today (YYYY-MM-DD): the exit day by default, and the latest allowed. */
  today: string;
  agencies: { id: string; name: string }[];
  /** Where to go after a transfer (the file is no longer in the actor's agency). */
  afterTransfer: string;
};

export function LifeCycleActions({ seekerId, closed, today, agencies, afterTransfer }: Props) {
  const [open, setOpen] = useState<"close" | "transfer" | null>(null);
  const router = useRouter();
  const reopen = useServerAction();
  if (closed) {
    return (
      <div className="mt-3">
        <button
          type="button"
          className={primaryClass}
          disabled={reopen.pending}
          onClick={() => {
            if (!window.confirm("Rouvrir le dossier ? Il retourne dans la file « à diagnostiquer » de l'agence ; son historique est conservé.")) return;
            reopen.run(
              () => reopenSeekerAction({ seekerId }),
              onSuccess("Dossier rouvert : il attend un premier entretien.", () => router.refresh()),
            );
          }}
        >
          Rouvrir le dossier
        </button>
        <ActionNotice outcome={reopen.outcome} className="mt-2 text-sm" />
      </div>
    );
  }
  return (
    <div className="mt-3 space-y-3">
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass} aria-expanded={open === "close"} onClick={() => setOpen(open === "close" ? null : "close")}>
          Clore le dossier
        </button>
        <button type="button" className={buttonClass} aria-expanded={open === "transfer"} onClick={() => setOpen(open === "transfer" ? null : "transfer")}>
          Transférer vers une autre agence
        </button>
      </div>
      {open === "close" ? <CloseForm seekerId={seekerId} today={today} onDone={() => setOpen(null)} /> : null}
      {open === "transfer" ? <TransferForm seekerId={seekerId} agencies={agencies} afterTransfer={afterTransfer} onCancel={() => setOpen(null)} /> : null}
    </div>
  );
}

function CloseForm({ seekerId, today, onDone }: { seekerId: string; today: string; onDone: () => void }) {
  const router = useRouter();
  const action = useServerAction();
  const [reason, setReason] = useState<ExitReason | "">("");
  const [date, setDate] = useState(today);
  const [confirmed, setConfirmed] = useState(false);
  return (
    <ConfirmForm
      label="Clore le dossier"
      explanation="Le dossier sera clos : les rendez-vous à venir sont annulés (la personne en est prévenue), la place dans le portefeuille est libérée et plus aucun bilan n'est planifié. Il pourra être rouvert avec son historique."
      confirmation={{ id: "sortie-confirmation", label: "J'ai compris, je clos le dossier.", checked: confirmed, onChange: setConfirmed }}
      submit={{ label: "Clore le dossier", disabled: !confirmed || reason === "" }}
      action={action}
      onSubmit={() =>
        action.run(
          () => closeSeekerAction({ seekerId, reason, date }),
          onSuccess("Dossier clos.", () => {
            onDone();
            router.refresh();
          }),
        )
      }
      onCancel={onDone}
    >
      <SelectField id="sortie-motif" label="Motif de sortie" value={reason} onChange={(event) => setReason(event.target.value as ExitReason | "")}>
        <option value="">— Choisir —</option>
        {EXIT_REASONS.map((r) => (
          <option key={r} value={r}>
            {EXIT_REASON_LABELS[r]}
          </option>
        ))}
      </SelectField>
      <TextField id="sortie-date" label="Date de sortie" type="date" max={today} value={date} onChange={(event) => setDate(event.target.value)} />
    </ConfirmForm>
  );
}

function TransferForm({
  seekerId,
  agencies,
  afterTransfer,
  onCancel,
}: {
  seekerId: string;
  agencies: { id: string; name: string }[];
  afterTransfer: string;
  onCancel: () => void;
}) {
  const router = useRouter();
  const action = useServerAction();
  const [agencyId, setAgencyId] = useState("");
  const [street, setStreet] = useState("");
  const [postalCode, setPostalCode] = useState("");
  const [commune, setCommune] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const withAddress = postalCode.trim() !== "" || commune.trim() !== "";
  return (
    <ConfirmForm
      label="Transférer vers une autre agence"
      explanation="Le transfert libère la place dans le portefeuille, annule les rendez-vous à venir dans cette agence (la personne en est prévenue) et met fin au tandem. Le dossier entre dans la file « à diagnostiquer » de l'agence d'accueil, avec tout son historique ; votre agence ne le verra plus."
      confirmation={{ id: "transfert-confirmation", label: "J'ai compris, je transfère le dossier.", checked: confirmed, onChange: setConfirmed }}
      submit={{ label: "Transférer le dossier", disabled: false }}
      action={action}
      onSubmit={() =>
        action.run(
          () =>
            transferSeekerAction({
              seekerId,
              ...(agencyId ? { toAgencyId: agencyId } : {}),
              ...(withAddress ? { address: { address: street, postalCode, commune } } : {}),
              confirmed: confirmed || undefined,
            } as Parameters<typeof transferSeekerAction>[0]),
          onSuccess("Dossier transféré : il est dans la file « à diagnostiquer » de l'agence d'accueil.", () => router.push(afterTransfer)),
        )
      }
      onCancel={onCancel}
    >
      <p className="text-sm text-slate-700">
        Saisissez la nouvelle adresse : l&apos;agence dont le territoire la couvre est trouvée. Ou choisissez l&apos;agence.
      </p>
      <TextField id="transfert-adresse" label="Adresse (numéro et rue)" value={street} onChange={(event) => setStreet(event.target.value)} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id="transfert-code-postal"
          label="Code postal"
          inputMode="numeric"
          value={postalCode}
          onChange={(event) => setPostalCode(event.target.value)}
        />
        <TextField id="transfert-commune" label="Commune" value={commune} onChange={(event) => setCommune(event.target.value)} />
      </div>
      <SelectField id="transfert-agence" label="Agence d'accueil" value={agencyId} onChange={(event) => setAgencyId(event.target.value)}>
        <option value="">— Trouvée d&apos;après l&apos;adresse —</option>
        {agencies.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </SelectField>
    </ConfirmForm>
  );
}

/** What a successful action does: `message` flashed, then `then` (a refresh, leaving the page). */
function onSuccess(message: string, then: () => void) {
  return (result: { ok: boolean }) => {
    if (!result.ok) return;
    flash(message);
    then();
  };
}

/**
 * A form that changes the file's life cycle: its fields, what the change does (`explanation`), a box to tick to
 * confirm, the submit and « Annuler » buttons, and the action's outcome.
 */
function ConfirmForm({
  label,
  explanation,
  confirmation,
  submit,
  action,
  onSubmit,
  onCancel,
  children,
}: {
  label: string;
  explanation: string;
  confirmation: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void };
  submit: { label: string; disabled: boolean };
  action: ReturnType<typeof useServerAction>;
  onSubmit: () => void;
  onCancel: () => void;
  children: React.ReactNode;
}) {
  return (
    <form
      className="space-y-3 rounded-md border border-slate-200 p-3"
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <p className="text-sm text-slate-700">{explanation}</p>
      <div className="flex items-start gap-2 text-sm">
        <input
          id={confirmation.id}
          type="checkbox"
          className="mt-1 size-5"
          checked={confirmation.checked}
          onChange={(event) => confirmation.onChange(event.target.checked)}
        />
        <label htmlFor={confirmation.id}>{confirmation.label}</label>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={action.pending || submit.disabled} className={primaryClass}>
          {submit.label}
        </button>
        <button type="button" disabled={action.pending} className={buttonClass} onClick={onCancel}>
          Annuler
        </button>
      </div>
      <ActionNotice outcome={action.outcome} className="mt-2 text-sm" />
    </form>
  );
}
