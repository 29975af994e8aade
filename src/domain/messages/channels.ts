/**
 * Which channels a message to a seeker goes by (docs/rules.md#messages-to-seekers): e-mail when the seeker has an
 * address that has not bounced, SMS when they have a number the provider has not refused and agreed to receive SMS.
 * A seeker who opted out of optional messages still receives the mandatory ones (the convocations to the M4 and M9
 * reviews, and their changes). A caller may narrow the channels further (an agency sending reminders by SMS only).
 */
export type MessageChannelCode = "EMAIL" | "SMS";

export const MESSAGE_CHANNELS: readonly MessageChannelCode[] = ["EMAIL", "SMS"];

export interface SeekerContact {
  readonly email: string | null;
  readonly phone: string | null;
  readonly smsConsent: boolean;
  readonly optionalMessagesOptOut: boolean;
  readonly emailBouncedAt: Date | null;
  readonly phoneInvalidAt: Date | null;
}

export function channelsFor(
  contact: SeekerContact,
  { mandatory, allowed = MESSAGE_CHANNELS }: { mandatory: boolean; allowed?: readonly MessageChannelCode[] },
): MessageChannelCode[] {
  if (contact.optionalMessagesOptOut && !mandatory) return [];
  const channels: MessageChannelCode[] = [];
  if (allowed.includes("EMAIL") && contact.email?.trim() && contact.emailBouncedAt === null) channels.push("EMAIL");
  if (allowed.includes("SMS") && contact.phone?.trim() && contact.smsConsent && contact.phoneInvalidAt === null) channels.push("SMS");
  return channels;
}
