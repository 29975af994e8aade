/** The address of the choice of slots to book a joint meeting or the social review on the tandem file. */
export function tandemBookHref(seekerId: string, kind: "JOINT_GLOBAL" | "SOCIAL_REVIEW", agreed: boolean, after?: string): string {
  const params = new URLSearchParams({ prendre: kind });
  if (agreed) params.set("accord", "1");
  if (after) params.set("apres", after);
  return `/travailleur-social/demandeurs/${seekerId}?${params.toString()}#prendre-rdv`;
}
