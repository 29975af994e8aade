import type { Ref } from "react";
import type { ActionOutcome } from "./useServerAction";

type NoticeTone = "success" | "warning" | "error";

const TONES: Record<NoticeTone, string> = {
  success: "bg-green-50 text-green-900",
  warning: "border border-amber-300 bg-amber-50 text-amber-950",
  error: "bg-red-50 text-red-900",
};

/**
 * The one message banner. An error is an alert (read out at once); a success or a warning is a polite status,
 * unless `role="alert"` says it answers what the person just asked for (a refusal asking for a confirmation).
 * `ref` and `tabIndex` let a form move the focus to its message.
 */
export function Notice({
  tone,
  role = tone === "error" ? "alert" : "status",
  className = "",
  ref,
  tabIndex,
  children,
}: {
  tone: NoticeTone;
  role?: "alert" | "status";
  className?: string;
  ref?: Ref<HTMLDivElement>;
  tabIndex?: number;
  children: React.ReactNode;
}) {
  return (
    <div ref={ref} tabIndex={tabIndex} role={role} className={`rounded-md p-3 ${TONES[tone]} ${className}`.trim()}>
      {children}
    </div>
  );
}

/** A form's outcome (`useServerAction`): the success sentence, or the refusal with the messages of each field. */
export function ActionNotice({ outcome, className = "mt-3 text-sm", ref }: { outcome: ActionOutcome | null; className?: string; ref?: Ref<HTMLDivElement> }) {
  if (!outcome) return null;
  const fields = outcome.kind === "error" ? Object.values(outcome.fieldErrors ?? {}).flat() : [];
  return (
    <Notice tone={outcome.kind} className={className} ref={ref} tabIndex={ref ? -1 : undefined}>
      <p>{outcome.text}</p>
      {fields.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {fields.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </Notice>
  );
}
