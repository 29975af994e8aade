import "server-only";
import { prisma } from "@/server/db";
import { seekerScope, type Actor } from "@/server/auth/policy";

/** The GLOBAL seekers a social worker co-follows, with the advisor in tandem. */
export async function myTandemSeekers(actor: Actor) {
  const db = await prisma();
  return db.seeker.findMany({
    where: seekerScope(actor),
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    take: 200,
    select: {
      id: true,
      firstName: true,
      lastName: true,
      franceTravailId: true,
      commune: true,
      portfolio: { select: { advisor: { select: { firstName: true, lastName: true } } } },
    },
  });
}
