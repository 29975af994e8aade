import { describe, expect, it } from "vitest";
import { parseEnv } from "@/env";
import { databaseOptionsFromEnv } from "@/server/db/connection";

describe("environment", () => {
  it("defaults to the embedded database in .data/pglite", () => {
    const env = parseEnv({});
    expect(databaseOptionsFromEnv(env)).toEqual({ engine: "pglite", dataDir: ".data/pglite" });
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("uses PostgreSQL with explicit pool size and timeouts when DATABASE_URL is set", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/modalis", DB_POOL_MAX: "5" });
    expect(databaseOptionsFromEnv(env)).toEqual({
      engine: "postgres",
      url: "postgresql://postgres@127.0.0.1:5432/modalis",
      poolMax: 5,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 30000,
    });
  });

  it("stops on a bad value with a message naming the variable, in French and English", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/db" })).toThrow(/DATABASE_URL : doit être une URL PostgreSQL.*must be a PostgreSQL URL/s);
    expect(() => parseEnv({ DB_POOL_MAX: "0" })).toThrow(/DB_POOL_MAX/);
  });
});
