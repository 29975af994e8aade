/**
 * The French message of a strict input object (`z.strictObject(shape, { error: unknownKeys("Quoi") })`): an unknown
 * key (e.g. a forged `agencyId`) is refused and named, never ignored; anything but an object is refused as such.
 */
export const unknownKeys = (what: string) => (issue: { code: string; keys?: string[] }) =>
  issue.code === "unrecognized_keys"
    ? `${what} : champ(s) non autorisé(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")}.`
    : `${what} : un objet est attendu.`;
