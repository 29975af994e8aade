"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { MESSAGE_MAX_LENGTH } from "@/domain/conversations";
import { ActionNotice } from "@/components/Notice";
import { useServerAction } from "@/components/useServerAction";
import { sendConversationMessageAction } from "@/server/actions/conversations";

/** Writes one message (plain text, no attachment); the page refreshes to show it. `seekerId` omitted by the seeker. */
export function ComposeForm({ seekerId, large = false }: { seekerId?: string; large?: boolean }) {
  const router = useRouter();
  const { pending, run, outcome, setOutcome } = useServerAction();
  const [body, setBody] = useState("");
  const left = MESSAGE_MAX_LENGTH - body.length;
  return (
    <form
      className="mt-4"
      onSubmit={(event) => {
        event.preventDefault();
        run(
          () => sendConversationMessageAction(seekerId ? { seekerId, body } : { body }),
          (result) => {
            if (result.ok) {
              setBody("");
              setOutcome({ kind: "success", text: "Message envoyé." });
              router.refresh();
            }
          },
        );
      }}
    >
      <label htmlFor="message-texte" className="block font-semibold">
        Votre message
      </label>
      <p id="message-aide" className="text-sm text-slate-700">
        Texte seul, {MESSAGE_MAX_LENGTH} caractères au plus. Pas de pièce jointe : pour un document, apportez-le au rendez-vous.
      </p>
      <textarea
        id="message-texte"
        name="body"
        rows={large ? 5 : 4}
        maxLength={MESSAGE_MAX_LENGTH}
        required
        aria-describedby="message-aide message-reste"
        value={body}
        onChange={(event) => setBody(event.target.value)}
        className="mt-1 w-full rounded border border-slate-400 p-2 text-base"
      />
      <p id="message-reste" className="text-sm text-slate-700" aria-live="off">
        {left} caractère{left > 1 ? "s" : ""} restant{left > 1 ? "s" : ""}
      </p>
      <button type="submit" disabled={pending} className="mt-2 min-h-11 rounded bg-brand-700 px-4 py-2 font-semibold text-white disabled:opacity-60">
        {pending ? "Envoi…" : "Envoyer le message"}
      </button>
      <ActionNotice outcome={outcome} />
    </form>
  );
}
