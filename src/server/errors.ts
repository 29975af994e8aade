/**
 * An expected refusal whose French message (and `details`, e.g. colleagues with room) may be shown to the user as is.
 * CONFIRMATION_REQUIRED: the change is allowed once the user has read the message and confirms it (the same input
 * sent again with the confirmation flag the message's form offers).
 */
export class DomainError extends Error {
  constructor(
    readonly code: "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "INVALID" | "CAPACITY" | "CONFIRMATION_REQUIRED",
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
