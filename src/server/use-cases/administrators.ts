import "server-only";
import { z } from "zod";
import { generateTemporaryPassword, hashPassword } from "@/server/auth/password";
import { appendAudit } from "@/server/audit";
import { DomainError } from "@/server/errors";
import { runInTransaction, type UseCaseOptions } from "./kit";

/**
 * The first administrator of a real database (`npm run create-admin`), or another one: a one-time password shown
 * once to whoever runs the command, to be changed at the first sign-in.
 */
const createAdministratorSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email({ message: "Adresse e-mail invalide." }).max(254),
  firstName: z.string().trim().min(1, { message: "Le prénom est obligatoire." }).max(100),
  lastName: z.string().trim().min(1, { message: "Le nom est obligatoire." }).max(100),
});

export type CreatedAdministrator = { userId: string; email: string; temporaryPassword: string };

export async function createAdministrator(input: z.input<typeof createAdministratorSchema>, options: UseCaseOptions = {}): Promise<CreatedAdministrator> {
  const parsed = createAdministratorSchema.safeParse(input);
  if (!parsed.success) throw new DomainError("INVALID", parsed.error.issues.map((issue) => issue.message).join(" "));
  const { email, firstName, lastName } = parsed.data;
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  return runInTransaction(options, async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new DomainError("CONFLICT", `Un compte existe déjà avec l'adresse ${email} : rien n'a été créé.`);
    }
    const user = await tx.user.create({
      data: { email, firstName, lastName, role: "ADMIN", passwordHash, mustChangePassword: true, agencyId: null },
      select: { id: true },
    });
    await appendAudit(tx, {
      actor: null,
      action: "account.admin.created",
      agencyId: null,
      subjectType: "User",
      subjectId: user.id,
      metadata: { source: "npm run create-admin" },
    });
    return { userId: user.id, email, temporaryPassword };
  });
}
