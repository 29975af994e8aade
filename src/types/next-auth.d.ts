import "next-auth/jwt";
import type { Role } from "@/generated/prisma/client";

declare module "next-auth/jwt" {
  interface JWT {
    role?: Role;
    sessionVersion?: number;
  }
}
