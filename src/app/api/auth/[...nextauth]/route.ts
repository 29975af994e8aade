import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/server/auth/options";
import { readBoundedBody } from "@/server/auth/body-limit";

const nextAuth = NextAuth(authOptions) as (request: NextRequest, context: Context) => Promise<Response>;

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's endpoints, with their request bodies bounded (a sign-in form is a few hundred bytes): a larger body is
 * answered 413 before next-auth parses it, and a JSON body that does not parse 400 rather than an error.
 */
async function handler(request: NextRequest, context: Context): Promise<Response> {
  if (request.method !== "POST") return nextAuth(request, context);
  const body = await readBoundedBody(request);
  if (body === null) return Response.json({ error: "La requête est trop volumineuse." }, { status: 413 });
  if (request.headers.get("content-type")?.includes("application/json")) {
    try {
      JSON.parse(new TextDecoder().decode(body));
    } catch {
      return Response.json({ error: "La requête n'est pas valide." }, { status: 400 });
    }
  }
  return nextAuth(new NextRequest(request.url, { method: "POST", headers: request.headers, body }), context);
}

export { handler as GET, handler as POST };
