/** An expected refusal whose French message may be shown to the user as it is. */
export class DomainError extends Error {
  constructor(
    readonly code: "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "INVALID" | "CAPACITY",
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
