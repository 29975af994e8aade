"use client";

import { useRouter } from "next/navigation";
import { confirmRegistrationImportAction } from "@/server/actions/registration-imports";
import { ActionNotice } from "@/components/Notice";
import { useServerAction } from "@/components/useServerAction";
import { plural } from "@/lib/plural";

/** « Importer ces N lignes »: the confirmation carries the previewed file's hash (a different file is refused). */
export function ConfirmImport({ importId, sha256, count }: { importId: string; sha256: string; count: number }) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  return (
    <div className="mb-6">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          run(
            () => confirmRegistrationImportAction({ importId, sha256 }),
            (result) => result.ok && router.refresh(),
          )
        }
        className="min-h-11 rounded bg-brand-700 px-4 font-medium text-white disabled:opacity-60"
      >
        {pending ? "Import en cours…" : `Importer ${count === 1 ? "cette ligne" : `ces ${plural(count, "ligne")}`}`}
      </button>
      <p className="mt-1 text-sm text-slate-700">Tout ou rien : en cas d&apos;échec, rien n&apos;est importé. Les lignes refusées sont laissées de côté.</p>
      <ActionNotice outcome={outcome} />
    </div>
  );
}
