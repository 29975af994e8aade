import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { generateTemporaryPassword, hashPassword } from "@/server/auth/password";
import { appendAudit } from "@/server/audit";

/**
 * The first administrator of a real database (`npm run create-admin`), or another one: a one-time password shown
 * once to whoever runs the command, to be changed at the first sign-in.
 */
export const createAdministratorSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email({ message: "Adresse e-mail invalide." }).max(254),
  firstName: z.string().trim().min(1, { message: "Le prénom est obligatoire." }).max(100),
  lastName: z.string().trim().min(1, { message: "Le nom est obligatoire." }).max(100),
});

export type CreatedAdministrator = { userId: string; email: string; temporaryPassword: string };

export async function createAdministrator(db: PrismaClient, input: z.input<typeof createAdministratorSchema>): Promise<CreatedAdministrator> {
  const parsed = createAdministratorSchema.safeParse(input);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join(" "));
  const { email, firstName, lastName } = parsed.data;
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new Error(`Un compte existe déjà avec l'adresse ${email} : rien n'a été créé.`);
    }
    const user = await tx.user.create({
      data: { email, firstName, lastName, role: "ADMIN", passwordHash, mustChangePassword: true, agencyId: null },
      select: { id: true },
    });
    await appendAudit(tx, { actor: null, action: "account.admin.created", agencyId: null, subjectType: "User", subjectId: user.id, metadata: { source: "npm run create-admin" } });
    return { userId: user.id, email, temporaryPassword };
  });
}
