import { connection } from "next/server";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";

/**
 * The floor of the caseload benchmark (`npm run bench`): a dynamic page with the caseload page's authentication
 * (session, actor re-read from the database, permission) and nothing else. It exists only when the server was
 * started with MODALIS_BENCH=1; anywhere else it answers 404.
 */
export default async function BenchFloorPage() {
  await connection();
  if (process.env.MODALIS_BENCH !== "1") notFound();
  const actor = await requirePageActor("caseload:read");
  return <p>Plancher de mesure : {actor.firstName}</p>;
}
