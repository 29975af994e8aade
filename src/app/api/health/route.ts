import { prisma } from "@/server/db";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for monitors. Public: it reveals nothing but up or down. */
export async function GET() {
  try {
    const db = await prisma();
    await db.$queryRawUnsafe("SELECT 1");
    return Response.json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "degraded", database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
