import "server-only";
import { prisma } from "@/server/db";

/** Whether the database answers a trivial query (for the public health check; it reveals nothing else). */
export async function databaseAnswers(): Promise<boolean> {
  try {
    const db = await prisma();
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
