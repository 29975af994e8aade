"use client";

/** Writing a tandem note (docs/rules.md#the-tandem-file): plain text, 2 000 characters at most. */
import { useState } from "react";
import { useRouter } from "next/navigation";
import { addTandemNoteAction } from "@/server/actions/tandem";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { FieldError } from "@/components/Field";
import { SubmitButton } from "@/components/SubmitButton";

const MAX = 2000;

export function TandemNoteForm({ seekerId }: { seekerId: string }) {
  const router = useRouter();
  const { pending, run, outcome, fieldError } = useServerAction();
  const [text, setText] = useState("");
  const error = fieldError("text");
  return (
    <form
      aria-label="Ajouter une note du binôme"
      noValidate
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        run(
          () => addTandemNoteAction({ seekerId, text }),
          (result) => {
            if (!result.ok) return;
            setText("");
            flash("Note enregistrée.");
            router.refresh();
          },
        );
      }}
    >
      <label htmlFor="note-binome" className="block text-sm font-medium">
        Nouvelle note
      </label>
      <textarea
        id="note-binome"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={4}
        maxLength={MAX}
        aria-invalid={error ? true : undefined}
        aria-describedby={`note-binome-aide${error ? " note-binome-erreur" : ""}`}
        className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
      />
      <p id="note-binome-aide" className="text-sm text-slate-700">
        Texte simple, {MAX} caractères au plus ({text.length} écrits).
      </p>
      <FieldError id="note-binome-erreur" message={error} />
      <ActionNotice outcome={outcome} className="text-sm" />
      <SubmitButton pending={pending} disabled={text.trim() === ""}>
        Enregistrer la note
      </SubmitButton>
    </form>
  );
}
