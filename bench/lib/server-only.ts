/**
 * The server modules under src/server import "server-only", which throws outside Next's react-server build.
 * The benchmark calls those modules in its own process (as the Vitest suite does with an alias), so it
 * resolves that one specifier to an empty module. Import this file before any src/server module.
 */
import { register } from "node:module";

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(specifier, context);
}`;

register(`data:text/javascript,${encodeURIComponent(hook)}`);
