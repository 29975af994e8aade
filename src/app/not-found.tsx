import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page introuvable" };

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-xl font-bold">Page introuvable</h1>
      <p className="mt-2">Cette page n&apos;existe pas ou n&apos;est pas accessible avec votre compte.</p>
      <Link href="/" className="mt-4 inline-block font-medium text-brand-700 underline">
        Revenir à mon espace
      </Link>
    </main>
  );
}
