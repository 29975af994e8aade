import { uploadRegistrationFile } from "@/server/routes/registration-imports";

export const dynamic = "force-dynamic";

/** The registration file, streamed into storage: POST /agence/inscriptions/envoi[?agence=ID] (src/server/routes/registration-imports.ts). */
export const POST = uploadRegistrationFile;
