import { SelectField } from "@/components/Field";

/**
 * A choice of one advisor among `advisors` in the triage campaign's forms (whose portfolios, from whom, to whom);
 * the empty choice is called `none` (« — » by default).
 */
export function AdvisorSelect({
  advisors,
  none = "—",
  ...field
}: { advisors: readonly { id: string; name: string }[]; none?: string } & Omit<React.ComponentProps<typeof SelectField>, "children">) {
  return (
    <SelectField {...field}>
      <option value="">{none}</option>
      {advisors.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name}
        </option>
      ))}
    </SelectField>
  );
}
