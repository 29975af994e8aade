/** An expected refusal whose French message (and `details`, e.g. colleagues with room) may be shown to the user as is. */
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
