import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    /** The server-side session (`UserSession.id`) this token stands for. */
    sid?: string;
  }
}
