"use client";

import { signOutTo } from "@/lib/sign-out";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => void signOutTo("/connexion")}
      className="min-h-11 rounded-md border border-slate-300 px-3 py-2 font-medium hover:bg-slate-100"
    >
      Se déconnecter
    </button>
  );
}
