import { isIP } from "node:net";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export type TrustedProxy = { address: string; prefix: number; family: "ipv4" | "ipv6" };

/** `10.0.0.0/8, 192.168.1.10 ::1` → the addresses and networks whose `X-Forwarded-For` is believed. */
const trustedProxies = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const proxies: TrustedProxy[] = [];
    for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
      const [address = "", prefixText, ...rest] = entry.split("/");
      const version = isIP(address);
      const max = version === 6 ? 128 : 32;
      const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
      if (version === 0 || rest.length > 0 || !(prefix >= 0 && prefix <= max)) {
        ctx.addIssue({
          code: "custom",
          message: `« ${entry.slice(0, 60)} » n'est ni une adresse IP ni un réseau (10.0.0.0/8) — not an IP address or CIDR network`,
        });
        return z.NEVER;
      }
      proxies.push({ address, prefix, family: version === 6 ? "ipv6" : "ipv4" });
    }
    return proxies;
  });

/** The SMS provider's API when `SMS_API_URL` is not set: Brevo's (src/server/messages/sms.ts). */
export const DEFAULT_SMS_API_URL = "https://api.brevo.com/v3";

/** The SMS sender name when `SMS_SENDER` is not set (11 letters or digits at most, as operators require). */
export const DEFAULT_SMS_SENDER = "Modalis";

/** The sender of the e-mails to seekers when `MAIL_FROM` is not set: an address nobody reads, said so. */
export const DEFAULT_MAIL_FROM = "Modalis <ne-pas-repondre@modalis.local>";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** http://localhost:3100 and the like: reachable from this machine only (the test and benchmark servers). */
function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, {
        message: "doit être une URL PostgreSQL (postgresql://utilisateur@hôte:port/base) — must be a PostgreSQL URL",
      })
      .optional(),
  ),
  /**
   * A streaming replica of DATABASE_URL's server (docs/replica.md): the read-only pages and the exports read from it.
   * Unset (the default), everything reads the primary.
   */
  DATABASE_REPLICA_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, {
        message: "doit être une URL PostgreSQL (postgresql://utilisateur@hôte:port/base) — must be a PostgreSQL URL",
      })
      .optional(),
  ),
  /** How long the replica is left aside after it failed, before it is tried again. */
  DATABASE_REPLICA_RETRY_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  PGLITE_DATA_DIR: z.string().default(".data/pglite"),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString.pipe(z.url({ message: "doit être une URL — must be a URL" }).optional()),
  TRUSTED_PROXIES: trustedProxies,
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(720).default(30),
  /** The SMTP server the e-mails go through; unset, they are kept in the local mailbox (src/server/messages). */
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/[^\s/?#]+/, {
        message: "doit être une URL smtp:// ou smtps:// (smtp://utilisateur:mot-de-passe@hôte:587) — must be an smtp:// or smtps:// URL",
      })
      .optional(),
  ),
  /** Months the audit journal keeps an entry; older ones are purged every night (docs/rules.md#retention). */
  AUDIT_RETENTION_MONTHS: z.coerce
    .number({ error: "doit être un nombre de mois — must be a number of months" })
    .int({ error: "doit être un nombre entier de mois — must be a whole number of months" })
    .min(1, { error: "1 mois au moins — at least 1 month" })
    .max(120, { error: "120 mois au plus — at most 120 months" })
    .default(12),
  MAIL_FROM: optionalString
    .transform((value) => value ?? DEFAULT_MAIL_FROM)
    .pipe(
      z.string().regex(/^(?:[^<>]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, {
        message: "doit être une adresse (Modalis <ne-pas-repondre@exemple.fr>) — must be an e-mail address",
      }),
    ),
  /** Brevo's API (or a server that behaves like it); used only with `SMS_API_KEY`. */
  SMS_API_URL: optionalString
    .transform((value) => value ?? DEFAULT_SMS_API_URL)
    .pipe(z.string().regex(/^https?:\/\/[^\s/?#]+/, { message: "doit être une URL http(s) (https://api.brevo.com/v3) — must be an http(s) URL" })),
  /** The provider's API key; unset, the SMS are kept in the local mailbox with the e-mails. */
  SMS_API_KEY: optionalString,
  SMS_SENDER: optionalString
    .transform((value) => value ?? DEFAULT_SMS_SENDER)
    .pipe(
      z.string().regex(/^(?:[A-Za-z0-9]{1,11}|\d{1,15})$/, {
        message: "doit faire 11 lettres ou chiffres au plus (sans espace ni accent), ou 15 chiffres — must be 11 letters or digits, or 15 digits",
      }),
    ),
  /** Signs the delivery-receipt address given to the provider with each SMS; unset, no receipt is asked for. */
  SMS_WEBHOOK_SECRET: optionalString.pipe(
    z.string().min(32, { message: "doit faire 32 caractères au moins (openssl rand -base64 32) — must be 32 characters at least" }).optional(),
  ),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment once; a bad value stops the process with a message naming the variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")} : ${issue.message}`);
    throw new Error(`Configuration invalide / invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

/**
 * What a production server on PostgreSQL (`NODE_ENV=production` with `DATABASE_URL`) needs before it may start:
 * a real secret to sign sessions, and a public URL in https (http is accepted for a loopback host only, which
 * nobody else can reach: the end-to-end and benchmark servers).
 */
function productionProblems(env: Env): string[] {
  if (env.NODE_ENV !== "production" || !env.DATABASE_URL) return [];
  const problems: string[] = [];
  if (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32) {
    problems.push(
      "NEXTAUTH_SECRET : obligatoire en production, 32 caractères au moins (openssl rand -base64 32) — required in production, 32 characters at least",
    );
  }
  const url = env.NEXTAUTH_URL;
  if (!url || !(url.startsWith("https://") || isLoopbackUrl(url))) {
    problems.push("NEXTAUTH_URL : obligatoire en production, l'adresse publique en https:// — required in production, an https:// URL");
  }
  return problems;
}

/** The environment of a server that signs people in: `parseEnv` plus the production requirements. */
export function parseServerEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = parseEnv(source);
  const problems = productionProblems(parsed);
  if (problems.length) throw new Error(`Configuration invalide / invalid configuration:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
  return parsed;
}

/** Session cookies carry the `Secure` flag (and the `__Secure-` prefix) whenever the public URL is https. */
export function secureCookies(env: Pick<Env, "NEXTAUTH_URL">): boolean {
  return env.NEXTAUTH_URL?.startsWith("https://") ?? false;
}

let cached: Env | undefined;
/** The app's environment, checked once (production requirements included). */
export function env(): Env {
  cached ??= parseServerEnv();
  return cached;
}
