"use client";

import { useState } from "react";
import type { ActionResult } from "@/server/auth/guard";
import { NumberInput, numberOf, SubmitButton, useSettingsAction } from "./kit";
import { FieldError, inputClass } from "@/components/Field";
import { ActionNotice } from "@/components/Notice";

/**
 * A settings form with one whole-number field: its label, the field, its help under it (`${id}-aide`), the outcome and
 * the submit button. `save` sends the typed number (null when it is not one);
 * `success` gives the sentence shown once saved, with the value as typed.
 */
export function NumberSettingForm<T>({
  field: { id, name, min, max },
  label,
  initial,
  help,
  submitLabel,
  save,
  success,
}: {
  /** The field's id, its name (the action's input field) and its bounds. */
  field: { id: string; name: string; min: number; max: number };
  label: React.ReactNode;
  initial: number;
  help: React.ReactNode;
  submitLabel: string;
  save: (value: number | null) => Promise<ActionResult<T>>;
  success: (data: T, value: string) => string;
}) {
  const [value, setValue] = useState(String(initial));
  const { pending, outcome, submit, fieldError } = useSettingsAction();
  const error = fieldError(name);

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    submit(
      () => save(numberOf(value)),
      (data) => success(data, value),
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <NumberInput
        id={id}
        name={name}
        min={min}
        max={max}
        step={1}
        value={value}
        onValue={setValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-aide${error ? ` ${id}-erreur` : ""}`}
        className={`${inputClass} sm:max-w-40`}
      />
      <FieldError id={`${id}-erreur`} message={error} />
      <p id={`${id}-aide`} className="mt-1 text-sm text-slate-700">
        {help}
      </p>
      <ActionNotice outcome={outcome} />
      <SubmitButton pending={pending}>{submitLabel}</SubmitButton>
    </form>
  );
}
