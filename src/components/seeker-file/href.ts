/** The manager's read-only file of a seeker (/agence/demandeurs/[id]), where every row of the agency's tables that names a seeker leads. */
export function agencySeekerHref(seekerId: string): string {
  return `/agence/demandeurs/${encodeURIComponent(seekerId)}`;
}
