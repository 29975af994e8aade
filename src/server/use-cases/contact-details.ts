/**
 * A seeker's contact details (issue 16, docs/rules.md#messages-to-seekers): the seeker changes their own on
 * `/mon-espace` (seeker-space.ts), the advisor in charge corrects them on the file with the seeker's word (here).
 * Both check the same way: an e-mail address that reads as one, a phone number read in the numbering plan of the
 * agency's département (src/lib/contact.ts). A changed address clears its bounce flag, a changed number its refusal
 * flag: the next messages try the new one. The messages still waiting (QUEUED) follow in the same transaction: they
 * go to the new address or mobile, or are cancelled with the reason when it was removed (or is no mobile any more);
 * messages already sent, delivered or failed keep the recipient they had. Journaled with which fields changed, never
 * their values.
 */
import "server-only";
import { readEmail, readPhone, sameEmail, samePhone } from "@/lib/contact";
import { smsNumber } from "@/lib/phone";
import type { Prisma } from "@/generated/prisma/client";
import { appendAudit } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requirePermission, requireSeekerInScope } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { correctContactSchema } from "./contact-details.schema";
import { parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";

export const CONTACT_SELECT = {
  id: true,
  agencyId: true,
  email: true,
  phone: true,
  agency: { select: { departement: true } },
} as const satisfies Prisma.SeekerSelect;

/** Who changed them: the seeker themself, or the advisor in charge. */
type ContactAction = "seeker.contact.changed" | "seeker.contact.corrected";

type ContactSeeker = Prisma.SeekerGetPayload<{ select: typeof CONTACT_SELECT }>;

export type ContactChangeResult = { emailChanged: boolean; phoneChanged: boolean; email: string | null; phone: string | null };

/** Checks both fields (every refusal said at once), then writes what changed and journals it; nothing when nothing changed. */
export async function writeContactChange(
  tx: Tx,
  actor: Actor,
  seeker: ContactSeeker,
  input: { email: string; phone: string },
  journal: { action: ContactAction },
): Promise<ContactChangeResult> {
  const departement = seeker.agency.departement;
  const email = readEmail(input.email);
  const phone = readPhone(input.phone, departement);
  const refusals = [email, phone].flatMap((result) => (result.ok ? [] : [result.message]));
  if (!email.ok || !phone.ok) throw new DomainError("INVALID", refusals.join(" "));
  const emailChanged = !sameEmail(seeker.email, email.value);
  const phoneChanged = !samePhone(seeker.phone, phone.value, departement);
  // The same address or number written another way (case, spaces) is stored as typed, its flag kept: it is the same.
  const rewritten = (!emailChanged && seeker.email !== email.value) || (!phoneChanged && seeker.phone !== phone.value);
  const data: Prisma.SeekerUpdateInput = { email: email.value, phone: phone.value };
  if (emailChanged) Object.assign(data, { emailBouncedAt: null, emailBounceReason: null });
  if (phoneChanged) Object.assign(data, { phoneInvalidAt: null, phoneInvalidReason: null });
  const result = { emailChanged, phoneChanged, email: email.value, phone: phone.value };
  if (!emailChanged && !phoneChanged && !rewritten) return result;
  await tx.seeker.update({ where: { id: seeker.id }, data, select: { id: true } });
  if (!emailChanged && !phoneChanged) return result;
  if (emailChanged) await readdressWaiting(tx, seeker.id, "EMAIL", email.value, EMAIL_REMOVED);
  if (phoneChanged) {
    const mobile = smsNumber(phone.value, departement);
    await readdressWaiting(tx, seeker.id, "SMS", mobile, phone.value === null ? MOBILE_REMOVED : NOT_A_MOBILE);
  }
  await appendAudit(tx, {
    actor,
    action: journal.action,
    agencyId: seeker.agencyId,
    subjectType: "Seeker",
    subjectId: seeker.id,
    seekerId: seeker.id,
    metadata: { emailChanged, phoneChanged },
  });
  return result;
}

export const EMAIL_REMOVED = "Adresse e-mail supprimée avant l'envoi.";
export const MOBILE_REMOVED = "Numéro de mobile supprimé avant l'envoi.";
export const NOT_A_MOBILE = "Le nouveau numéro n'est pas un mobile : le SMS ne peut pas être envoyé.";

/**
 * The seeker's messages of one channel still waiting (QUEUED only: never the history) go to the new recipient, or
 * are cancelled with the reason when there is none. A cancelled message has no sentAt (the outbox's CHECK shape).
 */
async function readdressWaiting(tx: Tx, seekerId: string, channel: "EMAIL" | "SMS", recipient: string | null, reason: string): Promise<void> {
  const where = { seekerId, channel, status: "QUEUED" } as const;
  if (recipient !== null) await tx.outboxMessage.updateMany({ where, data: { recipient } });
  else await tx.outboxMessage.updateMany({ where, data: { status: "CANCELLED", lastError: reason, sentAt: null } });
}

const NOT_FOUND = "Ce demandeur n'est pas dans vos portefeuilles.";

/**
 * The advisor in charge corrects the seeker's e-mail or phone, as the seeker gave them (by phone, at the agency): a
 * seeker in one of the advisor's own portfolios only (a colleague's or another agency's: NOT_FOUND).
 */
export async function correctContact(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<ContactChangeResult> {
  requirePermission(actor, "seeker-contact:correct", "Seul·e le conseiller ou la conseillère du portefeuille peut corriger les coordonnées.");
  const { seekerId, email, phone } = parseInput(correctContactSchema, input);
  return runInTransaction(options, async (tx) => {
    const seeker = await requireSeekerInScope(tx, actor, "inOwnPortfolio", seekerId, CONTACT_SELECT, NOT_FOUND);
    return writeContactChange(tx, actor, seeker, { email, phone }, { action: "seeker.contact.corrected" });
  });
}
