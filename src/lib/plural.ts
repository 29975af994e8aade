/**
 * A count and its noun the French way: plural from 2 on (« 0 demandeur », « 1 demandeur », « 2 demandeurs »), the
 * number written as in France (« 1 234 »). `pluralForm` when the plural is not the singular plus « s »
 * (« créneaux », « binômes repris »).
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("fr-FR")} ${Math.abs(count) >= 2 ? pluralForm : singular}`;
}
