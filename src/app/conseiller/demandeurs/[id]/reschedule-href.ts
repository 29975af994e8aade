/** The address of the choice of slots on the seeker's file: which appointment, agreement, and the slots after `after`. */
export function rescheduleHref(seekerId: string, appointmentId: string, agreed: boolean, after?: string): string {
  const params = new URLSearchParams({ reporter: appointmentId });
  if (agreed) params.set("accord", "1");
  if (after) params.set("apres", after);
  return `/conseiller/demandeurs/${seekerId}?${params.toString()}#report-${appointmentId}`;
}

/** The address of the choice of slots to book a new appointment of `kind` on the seeker's file. */
export function bookHref(seekerId: string, kind: "FOLLOW_UP" | "JOINT_GLOBAL", agreed: boolean, after?: string): string {
  const params = new URLSearchParams({ prendre: kind });
  if (agreed) params.set("accord", "1");
  if (after) params.set("apres", after);
  return `/conseiller/demandeurs/${seekerId}?${params.toString()}#prendre-rdv`;
}
