/**
 * Where a value holds the NUL character (U+0000), which PostgreSQL refuses in any text (22021): the dotted path of the
 * first string holding it ("_" for the value itself), or null. The walk is bounded (depth, values visited): a value
 * past the bounds is left to the schema, which refuses such shapes anyway.
 */
export function pathOfNulCharacter(value: unknown, maxDepth = 12, maxValues = 5_000): string | null {
  let visited = 0;
  const walk = (current: unknown, path: string[], depth: number): string | null => {
    visited += 1;
    if (visited > maxValues || depth > maxDepth) return null;
    if (typeof current === "string") return current.includes("\u0000") ? path.join(".") || "_" : null;
    if (current === null || typeof current !== "object") return null;
    for (const [key, child] of Array.isArray(current) ? current.entries() : Object.entries(current)) {
      const found = walk(child, [...path, String(key)], depth + 1);
      if (found !== null) return found;
    }
    return null;
  };
  return walk(value, [], 0);
}

/** The message of a field holding the NUL character. */
export const NUL_CHARACTER_MESSAGE = "Ce texte contient un caractère invisible non autorisé (caractère nul) : retirez-le.";
