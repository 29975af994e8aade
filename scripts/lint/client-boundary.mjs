/**
 * ESLint rule `modalis/client-boundary`: a client component (a module that starts with "use client") reaches
 * src/server only through server actions — modules that start with "use server", which Next.js replaces by call
 * references in the browser bundle — or through type-only imports, which the compiler erases. Any other import of
 * src/server would ship server code (and its secrets, queries, Prisma) to the browser, or break the build on
 * "server-only". The directive is read from the file itself, so no naming convention is needed.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

const SOURCE_ROOT = path.resolve(import.meta.dirname, "../../src");
const SERVER_ROOT = path.join(SOURCE_ROOT, "server");
const EXTENSIONS = [".ts", ".tsx", ".js", ".mjs"];

/** The directive prologue of a program: its leading string-literal statements. */
function directives(body) {
  const found = [];
  for (const statement of body) {
    if (statement.type !== "ExpressionStatement" || typeof statement.directive !== "string") break;
    found.push(statement.directive);
  }
  return found;
}

function resolveSource(specifier, fromFile) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(SOURCE_ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return undefined;
  const candidates = [base, ...EXTENSIONS.map((extension) => base + extension), ...EXTENSIONS.map((extension) => path.join(base, "index" + extension))];
  return candidates.find((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile()) ?? base;
}

/** Whether a module file starts with "use server" (a leading comment or blank line allowed). */
function isServerActionModule(file) {
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return false;
  const text = readFileSync(file, "utf8").replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
  return /^["']use server["']/.test(text);
}

function typeOnly(node) {
  if (node.importKind === "type" || node.exportKind === "type") return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((specifier) => specifier.importKind === "type" || specifier.exportKind === "type");
}

/** @type {import("eslint").Rule.RuleModule} */
const clientBoundary = {
  meta: {
    type: "problem",
    docs: { description: 'Client components import src/server only through server actions ("use server" modules) or as types.' },
    schema: [],
    messages: {
      serverImport:
        "A client component must not import '{{source}}': it would ship server code to the browser. Import a server action (a \"use server\" module), a type (`import type`), or move shared constants to src/domain or src/lib.",
    },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    let client = false;
    function check(node, sourceNode) {
      if (!client || !sourceNode || typeof sourceNode.value !== "string") return;
      if (node.type !== "ImportExpression" && typeOnly(node)) return;
      const specifier = sourceNode.value;
      const resolved = resolveSource(specifier, file);
      const intoServer = specifier === "server-only" || (resolved !== undefined && (resolved === SERVER_ROOT || resolved.startsWith(SERVER_ROOT + path.sep)));
      if (!intoServer || (resolved && isServerActionModule(resolved))) return;
      context.report({ node: sourceNode, messageId: "serverImport", data: { source: specifier } });
    }
    return {
      Program(program) {
        client = directives(program.body).includes("use client");
      },
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === "Literal" ? node.source : undefined),
    };
  },
};

const plugin = { meta: { name: "modalis" }, rules: { "client-boundary": clientBoundary } };
export default plugin;
