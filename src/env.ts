import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, {
        message:
          "doit être une URL PostgreSQL (postgresql://utilisateur@hôte:port/base) — must be a PostgreSQL URL",
      })
      .optional(),
  ),
  PGLITE_DATA_DIR: z.string().default(".data/pglite"),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString.pipe(z.url({ message: "doit être une URL — must be a URL" }).optional()),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment once; a bad value stops the process with a message naming the variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  - ${issue.path.join(".")} : ${issue.message}`,
    );
    throw new Error(
      `Configuration invalide / invalid configuration:\n${lines.join("\n")}`,
    );
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
