import { redirect } from "next/navigation";
import { currentActor } from "@/server/auth/session";
import { ROLE_HOME } from "@/server/auth/policy";

export default async function Home() {
  const actor = await currentActor();
  redirect(actor ? ROLE_HOME[actor.role] : "/connexion");
}
