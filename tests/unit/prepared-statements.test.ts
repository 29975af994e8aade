import { describe, expect, it } from "vitest";
import { PREPARED, preparedStatementName } from "@/server/db/connection";

describe("prepared statement names", () => {
  it("names only the SQL that starts with the mark", () => {
    expect(preparedStatementName(`${PREPARED} SELECT 1`)).toMatch(/^modalis_[0-9a-f]{24}$/);
    expect(preparedStatementName("SELECT 1")).toBeUndefined();
    expect(preparedStatementName(`SELECT 1 ${PREPARED}`)).toBeUndefined();
  });

  it("gives one text one name, and two texts two names (pg refuses one name for two texts)", () => {
    const a = `${PREPARED} SELECT $1::int`;
    const b = `${PREPARED} SELECT $1::bigint`;
    expect(preparedStatementName(a)).toBe(preparedStatementName(a));
    expect(preparedStatementName(a)).not.toBe(preparedStatementName(b));
  });
});
