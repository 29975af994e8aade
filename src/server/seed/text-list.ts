/**
 * Seed data written as text rather than as arrays of tuples, so that a long list reads (and is edited) like a list:
 * entries apart by commas, line breaks only for layout.
 */

/** The entries of `list`, each matched by `pattern` and read by `read`; a malformed entry stops the seed, named. */
export function parseTextList<T>(list: string, pattern: RegExp, read: (match: RegExpExecArray) => T): T[] {
  return list.split(",").map((raw) => {
    const entry = raw.trim();
    const match = pattern.exec(entry);
    if (match === null) throw new Error(`Entrée de liste mal formée : « ${entry} ».`);
    return read(match);
  });
}
