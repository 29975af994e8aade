import { databaseAnswers } from "@/server/queries/health";

export const dynamic = "force-dynamic";

/** A monitor must get an answer even when the database hangs (frozen server, exhausted pool): never wait longer. */
const HEALTH_DEADLINE_MS = 1_500;

/** Liveness and database reachability, for monitors. Public: it reveals nothing but up or down. */
export async function GET() {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), HEALTH_DEADLINE_MS)));
  const reachable = await Promise.race([databaseAnswers(), deadline]);
  clearTimeout(timer);
  if (reachable) return Response.json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  return Response.json({ status: "degraded", database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
}
