import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actingActor } from "@/server/context";
import { currentActor } from "./session";
import { hasPermission, type Actor, type Permission } from "./policy";
import { DomainError } from "@/server/errors";
import { recordAudit } from "@/server/audit";
import { NUL_CHARACTER_MESSAGE, pathOfNulCharacter } from "@/lib/nul-character";

// Messages of schemas that do not set their own (nested type errors, unknown keys) are in French too.
z.config(z.locales.fr());

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: string; code: FailureCode; fieldErrors?: Record<string, string[]>; details?: Record<string, unknown> };

/** Why an action failed: not signed in, not allowed (role or scope), bad input, or a business rule. */
export type FailureCode = "UNAUTHENTICATED" | "FORBIDDEN" | "INVALID" | "UNEXPECTED" | DomainError["code"];

export const MESSAGES = {
  unauthenticated: "Vous devez être connecté·e pour effectuer cette action.",
  forbidden: "Vous n'avez pas accès à cette action.",
  invalid: "Les informations envoyées ne sont pas valides.",
  unexpected: "Une erreur inattendue est survenue. Rien n'a été enregistré ; veuillez réessayer.",
  unavailable: "Le service est momentanément indisponible. Rien n'a été enregistré ; veuillez réessayer dans quelques instants.",
  passwordChangeRequired: "Choisissez d'abord votre propre mot de passe (page « Mon compte ») : le mot de passe provisoire ne permet rien d'autre.",
} as const;

/** The signed-in actor of the request; inside `actingAs` (tests, scripts), the actor it names. */
async function defaultActor(): Promise<Actor | null> {
  const acting = actingActor();
  return acting ? acting.actor : currentActor();
}

/**
 * Refreshes the pages an action changed. A path with a dynamic segment (« /conseiller/demandeurs/[id] ») refreshes
 * every page of that route. Outside a Next.js request (tests, scripts) there is no cache to refresh.
 */
function refresh(paths: readonly string[]): void {
  for (const path of paths) {
    try {
      if (path.includes("[")) revalidatePath(path, "page");
      else revalidatePath(path);
    } catch {
      return;
    }
  }
}

/** Who is calling, or the failure to find out (the database being down, say): never a thrown error. */
async function resolve(name: string, resolveActor: () => Promise<Actor | null>): Promise<{ actor: Actor | null } | { failed: true }> {
  try {
    return { actor: await resolveActor() };
  } catch (error) {
    console.error(`[${name}] resolving the signed-in person failed`, error);
    return { failed: true };
  }
}

/** Journals a refusal; the refusal stands even if the journal cannot be written (it is logged then). */
async function auditDenial(actor: Actor, operation: string): Promise<void> {
  await recordAudit({ actor, action: "authorization.denied", metadata: { operation } }).catch((error: unknown) => {
    console.error(`[${operation}] journaling a refusal failed`, error);
  });
}

/** A one-time password allows changing it, nothing else. */
const blockedByOneTimePassword = (actor: Actor, permission: Permission) => actor.mustChangePassword === true && permission !== "account:manage";

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * The one way to write a server action: authenticate → authorize (role) → parse with a strict zod schema →
 * run the use case (which applies the row-level scope) → refresh the pages it changed (`revalidates`) → a small
 * result. Errors never leak internals.
 */
export function authorizedAction<Schema extends z.ZodType, Result>(options: {
  name: string;
  permission: Permission;
  schema: Schema;
  run: (actor: Actor, input: z.output<Schema>) => Promise<Result>;
  /** The pages that show what the action changes, refreshed after it succeeds. */
  revalidates: readonly string[];
  resolveActor?: () => Promise<Actor | null>;
}): (input: unknown) => Promise<ActionResult<Result>> {
  return async (input) => {
    const resolved = await resolve(`action ${options.name}`, options.resolveActor ?? defaultActor);
    if ("failed" in resolved) return { ok: false, error: MESSAGES.unexpected, code: "UNEXPECTED" };
    const { actor } = resolved;
    if (!actor) return { ok: false, error: MESSAGES.unauthenticated, code: "UNAUTHENTICATED" };
    if (blockedByOneTimePassword(actor, options.permission)) return { ok: false, error: MESSAGES.passwordChangeRequired, code: "FORBIDDEN" };
    try {
      if (!hasPermission(actor, options.permission)) {
        await auditDenial(actor, options.name);
        return { ok: false, error: MESSAGES.forbidden, code: "FORBIDDEN" };
      }
      // PostgreSQL refuses the NUL character in any text: refused here for every action, before anything is written.
      const nul = pathOfNulCharacter(input);
      if (nul !== null) return { ok: false, error: MESSAGES.invalid, code: "INVALID", fieldErrors: { [nul]: [NUL_CHARACTER_MESSAGE] } };
      const parsed = options.schema.safeParse(input);
      if (!parsed.success) return { ok: false, error: MESSAGES.invalid, code: "INVALID", fieldErrors: fieldErrorsOf(parsed.error) };
      const data = await options.run(actor, parsed.data);
      refresh(options.revalidates);
      return { ok: true, data };
    } catch (error) {
      if (error instanceof DomainError) {
        if (error.code === "FORBIDDEN") {
          await auditDenial(actor, options.name);
        }
        return error.details
          ? { ok: false, error: error.message, code: error.code, details: error.details }
          : { ok: false, error: error.message, code: error.code };
      }
      console.error(`[action ${options.name}]`, error);
      return { ok: false, error: MESSAGES.unexpected, code: "UNEXPECTED" };
    }
  };
}

/**
 * The actions of one area share their permission and the pages they refresh: `const advisorAction = actionGroup({
 * permission, revalidates })`, then `export const xAction = advisorAction("area.x", xSchema, x)` — the use case itself
 * as `run`. `alsoRefreshes` names pages only that action changes.
 */
export function actionGroup(group: { permission: Permission; revalidates: readonly string[] }) {
  return <Schema extends z.ZodType, Result>(
    name: string,
    schema: Schema,
    run: (actor: Actor, input: z.output<Schema>) => Promise<Result>,
    alsoRefreshes: readonly string[] = [],
  ) => authorizedAction({ name, permission: group.permission, schema, run, revalidates: [...group.revalidates, ...alsoRefreshes] });
}

/** The HTTP status of each refusal: a conflict with another change (or a full portfolio) is 409, not bad input. */
const ROUTE_STATUS: Record<DomainError["code"], number> = {
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CAPACITY: 409,
  INVALID: 400,
  CONFIRMATION_REQUIRED: 400,
};

/** The same boundary for route handlers: a JSON error with the right status, never a stack trace. */
export function authorizedRoute<Context>(options: {
  name: string;
  permission: Permission;
  run: (actor: Actor, request: Request, context: Context) => Promise<Response>;
  resolveActor?: () => Promise<Actor | null>;
}): (request: Request, context: Context) => Promise<Response> {
  return async (request, context) => {
    const resolved = await resolve(`route ${options.name}`, options.resolveActor ?? defaultActor);
    if ("failed" in resolved) return Response.json({ error: MESSAGES.unavailable }, { status: 503 });
    const { actor } = resolved;
    if (!actor) return Response.json({ error: MESSAGES.unauthenticated }, { status: 401 });
    if (blockedByOneTimePassword(actor, options.permission)) return Response.json({ error: MESSAGES.passwordChangeRequired }, { status: 403 });
    try {
      if (!hasPermission(actor, options.permission)) {
        await auditDenial(actor, options.name);
        return Response.json({ error: MESSAGES.forbidden }, { status: 403 });
      }
      return await options.run(actor, request, context);
    } catch (error) {
      if (error instanceof DomainError) {
        const status = ROUTE_STATUS[error.code];
        return Response.json({ error: error.message }, { status });
      }
      console.error(`[route ${options.name}]`, error);
      return Response.json({ error: MESSAGES.unexpected }, { status: 500 });
    }
  };
}
