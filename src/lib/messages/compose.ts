/**
 * The messages sent to a seeker (issue 16): convocations, reminders, change notices, the result of the
 * diagnostic, the notice of a new message and the answer to a request on an appointment (issue 18), each as an e-mail (a subject, a text part and an HTML part saying the same thing) and an SMS.
 *
 * Pure: plain data in, strings out — no database, clock or I/O; the outbox decides who gets what and sends it.
 * The input types have no field for the diagnostic's barriers, health or social situation, and the texts reused
 * from `src/lib/seeker-texts.ts` that name areas of private life are left out (`PRIVATE_LIFE_WORDS`): a message may
 * be read by someone else. Every value is escaped in the HTML part, and stripped of line breaks and control characters
 * everywhere (a subject is a mail header). The SMS is in GSM-7 whenever its characters have a close GSM-7 form, and
 * worded as fully as fits the fewest SMS (`src/domain/messages/sms.ts`). The rules: docs/rules.md#messages-to-seekers.
 */
import { type AppointmentKind, hasGsm7Approximation, type IsoInstant, type Modality, MODALITY_LABELS, smsSegments, toGsm7Friendly } from "@/domain";
import { formatDateTime } from "@/lib/format";
import { APPOINTMENT_PURPOSE, calendarLocation, localTimeWords, modalityExplanation, placeText, WEB_ONLY_TEXTS } from "@/lib/seeker-texts";

/** How an appointment takes place (the same codes as the database's `Channel`). */
export type MessageChannel = "AGENCY" | "PHONE" | "VIDEO";

/**
 * When an appointment starts: an instant and the agency's IANA time zone, formatted here in French
 * (« mardi 15 décembre 2026 à 14 h 00 »), or a text the caller already formatted that way.
 */
export type MessageWhen = { readonly instant: IsoInstant; readonly timeZone: string } | { readonly formatted: string };

/** The agency that sends the message, and how to reach it. */
export interface MessageAgency {
  /** Its name after « agence France Travail »: « Rouen Rive Gauche ». */
  readonly name: string;
  readonly address: string;
  /** The number a seeker calls to warn they cannot come, or to ask a question. */
  readonly phone: string;
  /** An address a seeker may also write to. */
  readonly email?: string | null;
  /** The agency's département: overseas, the time is followed by its zone in words (« heure de La Réunion »). */
  readonly departement?: string | null;
}

/** One appointment, as a message tells it. */
export interface MessageAppointment {
  readonly kind: AppointmentKind;
  readonly when: MessageWhen;
  readonly channel: MessageChannel;
  /** « Prénom Nom » of the advisor the seeker meets. */
  readonly advisorName: string;
  /** « Prénom Nom » of the social worker who is there too (joint meetings of the global modality). */
  readonly socialWorkerName?: string | null;
  /** What to bring, or to have at hand on the phone or in video: « votre pièce d'identité », « votre CV ». */
  readonly bring?: readonly string[];
}

/** What changed about an appointment, or about who follows the seeker. */
export type MessageChange =
  /** Moved: the same meeting, at another time (and possibly with another advisor, or by another channel). */
  | { readonly type: "RESCHEDULED"; readonly before: MessageAppointment; readonly after: MessageAppointment }
  /** Cancelled, not moved. */
  | { readonly type: "CANCELLED"; readonly appointment: MessageAppointment }
  /** Another advisor follows the seeker: after a rebalancing of the agency's portfolios, or a transfer. */
  | {
      readonly type: "NEW_ADVISOR";
      readonly reason: "REBALANCING" | "TRANSFER";
      readonly previousAdvisorName: string;
      readonly advisorName: string;
      /** The next appointment, now with the new advisor, if any. */
      readonly nextAppointment: MessageAppointment | null;
    };

/**
 * The advisor's answer to a request to move an appointment, when it does not move it (an accepted slot sends the
 * change notice): another slot proposed, or the request declined with a short reason (the appointment stays).
 */
export type MessageRequestAnswer =
  | { readonly type: "PROPOSED"; readonly appointment: MessageAppointment; readonly proposed: MessageWhen }
  | { readonly type: "DECLINED"; readonly appointment: MessageAppointment; readonly reason: string };

interface MessageBase {
  /** The seeker's first name. */
  readonly firstName: string;
  readonly agency: MessageAgency;
}

/** Everything a message says. There is deliberately no field for barriers, health or social details. */
export type MessageInput =
  /** At booking: a convocation (worded as mandatory for the M4 and M9 reviews). */
  | (MessageBase & { readonly kind: "CONVOCATION"; readonly appointment: MessageAppointment })
  /** Before an appointment. */
  | (MessageBase & { readonly kind: "REMINDER"; readonly appointment: MessageAppointment })
  | (MessageBase & { readonly kind: "CHANGE"; readonly change: MessageChange })
  /** After the diagnostic: the modality in plain words and who the advisor is. */
  | (MessageBase & {
      readonly kind: "DIAGNOSTIC_RESULT";
      readonly modality: Modality;
      /** The contact rhythm agreed in the guided modality, in months (null: the default). */
      readonly agreedRhythmMonths: number | null;
      readonly webOnly: boolean;
      readonly advisorName: string;
      readonly nextAppointment: MessageAppointment | null;
    })
  /** A new message in the seeker's conversation (docs/rules.md#conversations): never its content, never its author's words. */
  | (MessageBase & { readonly kind: "NEW_MESSAGE" })
  /** The advisor's answer to the seeker's request to move an appointment (docs/rules.md#seekers-requests-on-appointments). */
  | (MessageBase & { readonly kind: "REQUEST_ANSWER"; readonly answer: MessageRequestAnswer });

/** The kinds of message. */
export type MessageKind = MessageInput["kind"];

/** One message, ready for the e-mail and SMS transports. */
export interface ComposedMessage {
  /** The e-mail's subject (one line). */
  readonly subject: string;
  /** The e-mail's text part. */
  readonly text: string;
  /** The e-mail's HTML part: the same content as `text`, every value escaped. */
  readonly html: string;
  /** The SMS. */
  readonly sms: string;
}

/** The reviews a seeker must attend: their booking is a convocation, and says what missing them means. */
export const MANDATORY_KINDS: ReadonlySet<AppointmentKind> = new Set<AppointmentKind>(["REVIEW_M4", "REVIEW_M9", "JOINT_DIAGNOSTIC"]);

/** What missing a mandatory review may lead to, in neutral words. */
export const MANDATORY_NOTICE =
  "Ce rendez-vous est obligatoire. Si vous le manquez sans raison valable, vos allocations peuvent être suspendues, ainsi que votre inscription à France Travail.";

/**
 * Words of private life — the areas of the diagnostic's barriers and of the social worker's help. A sentence reused
 * from the seeker's pages that holds one is left out of messages (« Le travailleur social vous aide pour le logement,
 * la santé… »); the tests check that no message holds one.
 */
export const PRIVATE_LIFE_WORDS =
  /(?<!\p{L})(santé|logements?|argent|dettes?|surendettement|familles?|familia\p{L}*|transports?|mobilité|isolement|handicap\p{L}*|maladies?|médic\p{L}*|addictions?|psych\p{L}*|juridiques?|séjour|finances?|difficultés?|freins?)(?!\p{L})/iu;

/** An appointment kind after « votre »: « votre bilan du 4e mois ». */
const KIND_NOUN: Readonly<Record<AppointmentKind, string>> = {
  INITIAL: "premier entretien",
  REVIEW_M4: "bilan du 4e mois",
  REVIEW_M9: "bilan du 9e mois",
  FOLLOW_UP: "rendez-vous de suivi",
  JOINT_GLOBAL: "rendez-vous à trois",
  SOCIAL_REVIEW: "bilan de situation (6 mois)",
  JOINT_DIAGNOSTIC: "bilan de parcours",
};

/** One value from outside, on one line: NFC, no control character or line break, spaces collapsed. */
function clean(value: string): string {
  return value
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const shareable = (line: string) => !PRIVATE_LIFE_WORDS.test(line);

// ————————————————————————————————————————————— the e-mail's content, rendered twice

type Block =
  | { readonly type: "paragraph"; readonly text: string }
  | { readonly type: "important"; readonly text: string }
  /** Lines « Label : value », or a value alone. */
  | { readonly type: "facts"; readonly facts: readonly (readonly [label: string | null, value: string])[] }
  | { readonly type: "list"; readonly title: string; readonly items: readonly string[] };

function renderText(blocks: readonly Block[]): string {
  const parts = blocks.map((block) => {
    switch (block.type) {
      case "paragraph":
      case "important":
        return block.text;
      case "facts":
        return block.facts.map(([label, value]) => (label === null ? value : `${label} : ${value}`)).join("\n");
      case "list":
        return [block.title, ...block.items.map((item) => `- ${item}`)].join("\n");
    }
  });
  return `${parts.join("\n\n")}\n`;
}

/** `value` safe inside HTML text and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const LIST_STYLE = "margin: 0 0 1em; padding-left: 1.25em;";

function renderHtml(subject: string, blocks: readonly Block[]): string {
  const body = blocks.map((block) => {
    switch (block.type) {
      case "paragraph":
        return `<p>${escapeHtml(block.text)}</p>`;
      case "important":
        return `<p><strong>${escapeHtml(block.text)}</strong></p>`;
      case "facts":
        return `<ul style="${LIST_STYLE}">${block.facts
          .map(([label, value]) => `<li>${label === null ? "" : `<strong>${escapeHtml(label)} :</strong> `}${escapeHtml(value)}</li>`)
          .join("")}</ul>`;
      case "list":
        return `<p>${escapeHtml(block.title)}</p><ul style="${LIST_STYLE}">${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`;
    }
  });
  return [
    "<!DOCTYPE html>",
    '<html lang="fr">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1e1e1e;">',
    ...body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

// ————————————————————————————————————————————— the facts of an appointment

/** « mardi 15 décembre 2026 à 14 h 00 ». */
function dateText(when: MessageWhen): string {
  if ("formatted" in when) return clean(when.formatted);
  const instant = new Date(when.instant);
  if (Number.isNaN(instant.getTime())) throw new Error(`Date de rendez-vous invalide : « ${when.instant} ».`);
  return formatDateTime(instant, when.timeZone);
}

interface Agency {
  name: string;
  address: string;
  phone: string;
  email: string | null;
  zoneWords: string | null;
}

interface Appointment {
  kind: AppointmentKind;
  mandatory: boolean;
  /** « bilan du 4e mois ». */
  noun: string;
  date: string;
  channel: MessageChannel;
  advisor: string;
  socialWorker: string | null;
  bring: string[];
}

function agencyOf(agency: MessageAgency): Agency {
  const email = agency.email ? clean(agency.email) : "";
  const departement = agency.departement ? clean(agency.departement) : "";
  return {
    name: clean(agency.name),
    address: clean(agency.address),
    phone: clean(agency.phone),
    email: email === "" ? null : email,
    zoneWords: departement === "" ? null : localTimeWords(departement),
  };
}

function appointmentOf(appointment: MessageAppointment): Appointment {
  const socialWorker = appointment.socialWorkerName ? clean(appointment.socialWorkerName) : "";
  return {
    kind: appointment.kind,
    mandatory: MANDATORY_KINDS.has(appointment.kind),
    noun: KIND_NOUN[appointment.kind],
    date: dateText(appointment.when),
    channel: appointment.channel,
    advisor: clean(appointment.advisorName),
    socialWorker: socialWorker === "" ? null : socialWorker,
    bring: (appointment.bring ?? []).map(clean).filter((item) => item !== ""),
  };
}

/** With whom, in the e-mail. */
function withWhom(a: Appointment): string {
  return a.socialWorker === null ? `${a.advisor}, votre conseiller·ère` : `${a.advisor}, votre conseiller·ère, et ${a.socialWorker}, travailleur·se social·e`;
}

/** The e-mail's description of an appointment: what for, when, where or how, with whom, what to bring. */
function appointmentBlocks(a: Appointment, agency: Agency): Block[] {
  const explanation = APPOINTMENT_PURPOSE[a.kind].explanation;
  const blocks: Block[] = [];
  if (shareable(explanation)) blocks.push({ type: "paragraph", text: explanation });
  blocks.push({
    type: "facts",
    facts: [
      ["Quand", agency.zoneWords === null ? a.date : `${a.date} (${agency.zoneWords})`],
      [null, placeText(a.channel, agency)],
      ["Avec", withWhom(a)],
    ],
  });
  if (a.bring.length > 0) blocks.push({ type: "list", title: a.channel === "AGENCY" ? "À apporter :" : "À avoir près de vous :", items: a.bring });
  return blocks;
}

/** How to reach the agency: « appelez le 02 35 00 00 00 ou écrivez à … ». */
function reachAgency(agency: Agency): string {
  return agency.email === null ? `appelez le ${agency.phone}` : `appelez le ${agency.phone} ou écrivez à ${agency.email}`;
}

/** How to warn the agency before an appointment. */
function warnBlock(agency: Agency): Block {
  return { type: "paragraph", text: `Vous n'êtes pas disponible ? Prévenez l'agence avant le rendez-vous : ${reachAgency(agency)}.` };
}

function questionBlock(agency: Agency): Block {
  return { type: "paragraph", text: `Une question ? Contactez l'agence : ${reachAgency(agency)}.` };
}

function email(firstName: string, agency: Agency, subject: string, blocks: readonly Block[]): { subject: string; text: string; html: string } {
  const all: Block[] = [{ type: "paragraph", text: `Bonjour ${firstName},` }, ...blocks, { type: "paragraph", text: `L'agence France Travail ${agency.name}` }];
  return { subject, text: renderText(all), html: renderHtml(subject, all) };
}

// ————————————————————————————————————————————— the SMS

/** The SMS as sent: in GSM-7 when every character has a close GSM-7 form, as written otherwise. */
function smsForm(text: string): string {
  return hasGsm7Approximation(text) ? toGsm7Friendly(text) : text;
}

/** The fullest wording (the first) among those that take the fewest SMS. */
function chooseSms(first: string, ...shorter: string[]): string {
  let best = smsForm(first);
  let bestSegments = smsSegments(best);
  for (const variant of shorter) {
    const form = smsForm(variant);
    const segments = smsSegments(form);
    if (segments < bestSegments) {
      best = form;
      bestSegments = segments;
    }
  }
  return best;
}

/** Where or how, in an SMS: in full, then short. */
function smsPlace(a: Appointment, agency: Agency): { full: string; short: string } {
  switch (a.channel) {
    case "AGENCY":
      return { full: `à l'agence France Travail ${agency.name}, ${agency.address}`, short: `agence ${agency.name}` };
    case "PHONE":
      return { full: `par téléphone : ${a.advisor} vous appelle`, short: "par téléphone" };
    case "VIDEO":
      return { full: "en visio (appel vidéo sur internet)", short: "en visio" };
  }
}

// ————————————————————————————————————————————— each kind

function convocation(firstName: string, agency: Agency, a: Appointment): ComposedMessage {
  const place = smsPlace(a, agency);
  const subject = a.mandatory ? `Convocation France Travail : votre ${a.noun}, obligatoire, le ${a.date}` : `France Travail : votre ${a.noun} le ${a.date}`;
  const opening = a.mandatory ? `France Travail vous convoque à votre ${a.noun}.` : `L'agence France Travail ${agency.name} vous invite à votre ${a.noun}.`;
  const blocks: Block[] = [{ type: "paragraph", text: opening }, ...appointmentBlocks(a, agency)];
  if (a.mandatory) blocks.push({ type: "important", text: MANDATORY_NOTICE });
  blocks.push(warnBlock(agency));
  const sms = a.mandatory
    ? chooseSms(
        `Bonjour ${firstName}. France Travail vous convoque à votre ${a.noun}, obligatoire, le ${a.date}, ${place.full}. Pas disponible ? Appelez le ${agency.phone}.`,
        `${firstName}, France Travail vous convoque à votre ${a.noun}, obligatoire, le ${a.date}, ${place.short}. Pas disponible ? Appelez le ${agency.phone}`,
        `${firstName}, convocation obligatoire : ${a.noun} France Travail, ${a.date}, ${place.short}. Indisponible ? ${agency.phone}`,
        `Convocation obligatoire France Travail : ${a.noun}, ${a.date}, ${place.short}. Indisponible ? ${agency.phone}`,
      )
    : chooseSms(
        `Bonjour ${firstName}. France Travail vous invite à votre ${a.noun} le ${a.date}, ${place.full}. Pas disponible ? Appelez le ${agency.phone}.`,
        `${firstName}, votre ${a.noun} France Travail : ${a.date}, ${place.short}. Pas disponible ? Appelez le ${agency.phone}`,
        `${firstName}, votre ${a.noun} France Travail : ${a.date}, ${place.short}. Indisponible ? ${agency.phone}`,
        `France Travail : votre ${a.noun} le ${a.date}, ${place.short}. Indisponible ? ${agency.phone}`,
      );
  return { ...email(firstName, agency, subject, blocks), sms };
}

function reminder(firstName: string, agency: Agency, a: Appointment): ComposedMessage {
  const place = smsPlace(a, agency);
  const mandatory = a.mandatory ? " (obligatoire)" : "";
  const subject = `Rappel : votre ${a.noun}${mandatory} le ${a.date}`;
  const blocks: Block[] = [{ type: "paragraph", text: `Nous vous rappelons votre ${a.noun}${mandatory}.` }, ...appointmentBlocks(a, agency)];
  if (a.mandatory) blocks.push({ type: "important", text: MANDATORY_NOTICE });
  blocks.push(warnBlock(agency));
  const sms = chooseSms(
    `Bonjour ${firstName}. Rappel : votre ${a.noun} France Travail${mandatory} est le ${a.date}, ${place.full}. Pas disponible ? Appelez le ${agency.phone}.`,
    `${firstName}, rappel : votre ${a.noun} France Travail${mandatory} le ${a.date}, ${place.short}. Pas disponible ? Appelez le ${agency.phone}`,
    `${firstName}, rappel : ${a.noun} France Travail${mandatory} le ${a.date}, ${place.short}. Indisponible ? ${agency.phone}`,
    `Rappel France Travail : ${a.noun}${mandatory} le ${a.date}, ${place.short}. Indisponible ? ${agency.phone}`,
  );
  return { ...email(firstName, agency, subject, blocks), sms };
}

/** The changes of a moved appointment, in the e-mail: the new value, then the old one. */
function changedFacts(before: Appointment, after: Appointment, agency: Agency): [string, string][] {
  const changes: [string, string][] = [];
  if (after.date !== before.date) changes.push(["Date", `${after.date} (au lieu du ${before.date})`]);
  if (after.channel !== before.channel) {
    changes.push(["Lieu", `${calendarLocation(after.channel, agency)} (au lieu de : ${calendarLocation(before.channel, agency)})`]);
  }
  if (after.advisor !== before.advisor) changes.push(["Conseiller·ère", `${after.advisor} (au lieu de ${before.advisor})`]);
  return changes;
}

function rescheduled(firstName: string, agency: Agency, before: Appointment, after: Appointment): ComposedMessage {
  const moved = after.date !== before.date;
  const subject = moved ? `Changement : votre ${after.noun} est déplacé au ${after.date}` : `Changement pour votre ${after.noun} du ${after.date}`;
  const changes = changedFacts(before, after, agency);
  const blocks: Block[] = [{ type: "paragraph", text: moved ? `Votre ${after.noun} est déplacé.` : `Votre ${after.noun} change.` }];
  if (changes.length > 0) blocks.push({ type: "facts", facts: changes });
  blocks.push({ type: "paragraph", text: "Votre rendez-vous :" }, ...appointmentBlocks(after, agency));
  if (after.mandatory) blocks.push({ type: "important", text: MANDATORY_NOTICE });
  blocks.push(warnBlock(agency));

  const place = smsPlace(after, agency);
  const advisor = after.advisor !== before.advisor ? `, avec ${after.advisor}` : "";
  const sms = moved
    ? chooseSms(
        `Bonjour ${firstName}. Votre ${after.noun} France Travail est déplacé au ${after.date} (au lieu du ${before.date}), ${place.full}${advisor}. Pas disponible ? Appelez le ${agency.phone}.`,
        `${firstName}, votre ${after.noun} France Travail est déplacé au ${after.date} (au lieu du ${before.date}), ${place.short}${advisor}. Pas disponible ? Appelez le ${agency.phone}`,
        `${firstName}, ${after.noun} France Travail déplacé au ${after.date} (au lieu du ${before.date}), ${place.short}${advisor}. Indisponible ? ${agency.phone}`,
        `France Travail : ${after.noun} déplacé au ${after.date} (au lieu du ${before.date}), ${place.short}. Indisponible ? ${agency.phone}`,
      )
    : chooseSms(
        `Bonjour ${firstName}. Changement pour votre ${after.noun} France Travail du ${after.date} : ${place.full}${advisor}. Pas disponible ? Appelez le ${agency.phone}.`,
        `${firstName}, changement pour votre ${after.noun} France Travail du ${after.date} : ${place.short}${advisor}. Pas disponible ? Appelez le ${agency.phone}`,
        `${firstName}, changement pour votre ${after.noun} France Travail du ${after.date} : ${place.short}${advisor}. Indisponible ? ${agency.phone}`,
      );
  return { ...email(firstName, agency, subject, blocks), sms };
}

function cancelled(firstName: string, agency: Agency, a: Appointment): ComposedMessage {
  const subject = `Annulation : votre ${a.noun} du ${a.date}`;
  const blocks: Block[] = [
    { type: "paragraph", text: `Votre ${a.noun} du ${a.date} est annulé. Ce rendez-vous n'aura pas lieu.` },
    { type: "paragraph", text: "Si un nouveau rendez-vous est prévu, vous recevrez un autre message." },
    questionBlock(agency),
  ];
  const sms = chooseSms(
    `Bonjour ${firstName}. Votre ${a.noun} France Travail du ${a.date} est annulé. Une question ? Appelez l'agence au ${agency.phone}.`,
    `${firstName}, votre ${a.noun} France Travail du ${a.date} est annulé. Une question ? Appelez le ${agency.phone}`,
    `${firstName}, votre ${a.noun} France Travail du ${a.date} est annulé. Une question ? ${agency.phone}`,
  );
  return { ...email(firstName, agency, subject, blocks), sms };
}

/** The next appointment, in the e-mail of a new advisor or of a diagnostic result. */
function nextAppointmentBlocks(next: Appointment | null, agency: Agency): Block[] {
  if (next === null) return [questionBlock(agency)];
  return [
    { type: "paragraph", text: `Votre prochain rendez-vous : votre ${next.noun}.` },
    ...appointmentBlocks(next, agency),
    ...(next.mandatory ? [{ type: "important", text: MANDATORY_NOTICE } as const] : []),
    warnBlock(agency),
  ];
}

/** The next appointment, in an SMS: full, then short. */
function smsNext(next: Appointment | null, agency: Agency): { full: string; short: string } {
  if (next === null) return { full: "", short: "" };
  const place = smsPlace(next, agency);
  return {
    full: ` Prochain rendez-vous : votre ${next.noun} le ${next.date}, ${place.full}.`,
    short: ` Prochain rendez-vous : ${next.date}, ${place.short}.`,
  };
}

function newAdvisor(firstName: string, agency: Agency, change: Extract<MessageChange, { type: "NEW_ADVISOR" }>): ComposedMessage {
  const advisor = clean(change.advisorName);
  const previous = clean(change.previousAdvisorName);
  const next = change.nextAppointment === null ? null : appointmentOf(change.nextAppointment);
  const subject = `${advisor} vous accompagne désormais à France Travail`;
  const blocks: Block[] = [{ type: "paragraph", text: `À partir de maintenant, ${advisor} vous accompagne à France Travail, à la place de ${previous}.` }];
  if (change.reason === "REBALANCING") {
    blocks.push({ type: "paragraph", text: "L'agence a réorganisé le suivi des personnes. Votre accompagnement reste le même." });
  }
  blocks.push(...nextAppointmentBlocks(next, agency));
  const nextSms = smsNext(next, agency);
  const sms = chooseSms(
    `Bonjour ${firstName}. ${advisor} vous accompagne désormais à France Travail, à la place de ${previous}.${nextSms.full} Une question ? Appelez l'agence au ${agency.phone}.`,
    `${firstName}, ${advisor} vous accompagne désormais à France Travail.${nextSms.full} Une question ? Appelez le ${agency.phone}`,
    `${firstName}, ${advisor} vous accompagne désormais à France Travail.${nextSms.short} Une question ? Appelez le ${agency.phone}`,
    `${firstName}, ${advisor} vous accompagne désormais à France Travail.${nextSms.short} Une question ? ${agency.phone}`,
  );
  return { ...email(firstName, agency, subject, blocks), sms };
}

function diagnosticResult(firstName: string, agency: Agency, input: Extract<MessageInput, { kind: "DIAGNOSTIC_RESULT" }>): ComposedMessage {
  const advisor = clean(input.advisorName);
  const label = MODALITY_LABELS[input.modality];
  const next = input.nextAppointment === null ? null : appointmentOf(input.nextAppointment);
  const subject = `Votre accompagnement France Travail : ${label}`;
  const blocks: Block[] = [
    { type: "paragraph", text: `Après votre entretien, votre accompagnement à France Travail est : ${label}.` },
    { type: "paragraph", text: `Votre conseiller·ère est ${advisor}.` },
    ...modalityExplanation(input.modality, input.agreedRhythmMonths)
      .lines.filter(shareable)
      .map((text): Block => ({ type: "paragraph", text })),
  ];
  if (input.webOnly) blocks.push({ type: "paragraph", text: `${WEB_ONLY_TEXTS.on} ${WEB_ONLY_TEXTS.what}` });
  blocks.push(...nextAppointmentBlocks(next, agency));
  const web = input.webOnly ? ", suivi 100 % web" : "";
  const nextSms = smsNext(next, agency);
  const sms = chooseSms(
    `Bonjour ${firstName}. Votre accompagnement France Travail : ${label}${web}. ${advisor} vous accompagne.${nextSms.full} Une question ? Appelez l'agence au ${agency.phone}.`,
    `${firstName}, votre accompagnement France Travail : ${label}${web}. ${advisor} vous accompagne.${nextSms.short} Une question ? Appelez le ${agency.phone}`,
    `${firstName}, votre accompagnement France Travail : ${label}${web}. ${advisor} vous accompagne.${nextSms.short} Une question ? ${agency.phone}`,
  );
  return { ...email(firstName, agency, subject, blocks), sms };
}

function changeMessage(firstName: string, agency: Agency, change: MessageChange): ComposedMessage {
  switch (change.type) {
    case "RESCHEDULED":
      return rescheduled(firstName, agency, appointmentOf(change.before), appointmentOf(change.after));
    case "CANCELLED":
      return cancelled(firstName, agency, appointmentOf(change.appointment));
    case "NEW_ADVISOR":
      return newAdvisor(firstName, agency, change);
  }
}

function newMessage(firstName: string, agency: Agency): ComposedMessage {
  const subject = "Vous avez un nouveau message de France Travail";
  const blocks: Block[] = [
    { type: "paragraph", text: "Vous avez reçu un nouveau message de votre conseiller·ère dans votre espace France Travail." },
    { type: "paragraph", text: "Pour le lire et répondre, connectez-vous à « Mon espace », rubrique « Messages »." },
  ];
  const sms = chooseSms(
    `Bonjour ${firstName}. Vous avez un nouveau message de France Travail. Lisez-le dans Mon espace, rubrique Messages.`,
    `${firstName}, nouveau message de France Travail : lisez-le dans Mon espace.`,
  );
  return { ...email(firstName, agency, subject, blocks), sms };
}

/** « Mon espace », where the seeker accepts a proposal or asks again. */
const MY_SPACE = "« Mon espace »";

function proposed(firstName: string, agency: Agency, a: Appointment, when: MessageWhen): ComposedMessage {
  const date = dateText(when);
  const subject = `Votre demande : un autre horaire vous est proposé pour votre ${a.noun}`;
  const blocks: Block[] = [
    { type: "paragraph", text: `Votre conseiller·ère vous propose un autre horaire pour votre ${a.noun} du ${a.date} :` },
    { type: "facts", facts: [["Nouvel horaire proposé", agency.zoneWords === null ? date : `${date} (${agency.zoneWords})`]] },
    { type: "paragraph", text: `Pour l'accepter ou demander autre chose, allez dans ${MY_SPACE}.` },
    { type: "paragraph", text: `Tant que vous n'avez pas accepté, votre rendez-vous reste prévu le ${a.date}.` },
    questionBlock(agency),
  ];
  const sms = chooseSms(
    `Bonjour ${firstName}. France Travail vous propose un autre horaire pour votre ${a.noun} : ${date}. Pour l'accepter ou demander autre chose, allez dans Mon espace. Une question ? Appelez le ${agency.phone}.`,
    `${firstName}, France Travail vous propose un autre horaire pour votre ${a.noun} : ${date}. Pour l'accepter, allez dans Mon espace. Une question ? ${agency.phone}`,
    `${firstName}, France Travail vous propose un autre horaire pour votre ${a.noun} : ${date}. Acceptez-le dans Mon espace. Question ? ${agency.phone}`,
    `${firstName}, France Travail vous propose un autre horaire : ${date}. Acceptez-le dans Mon espace. Question ? ${agency.phone}`,
  );
  return { ...email(firstName, agency, subject, blocks), sms };
}

function declined(firstName: string, agency: Agency, a: Appointment, rawReason: string): ComposedMessage {
  // The advisor's words, on one line and without a final stop; left out when they name an area of private life.
  const written = clean(rawReason).replace(/[\s.!]+$/u, "");
  const reason = written !== "" && shareable(written) ? written : null;
  const subject = `Votre demande pour votre ${a.noun} du ${a.date} n'a pas été acceptée`;
  const blocks: Block[] = [
    { type: "paragraph", text: `Votre demande pour votre ${a.noun} du ${a.date} n'a pas été acceptée.` },
    reason === null ? { type: "paragraph", text: `La réponse de votre conseiller·ère est dans ${MY_SPACE}.` } : { type: "facts", facts: [["Motif", reason]] },
    { type: "paragraph", text: "Votre rendez-vous reste prévu :" },
    ...appointmentBlocks(a, agency),
  ];
  if (a.mandatory) blocks.push({ type: "important", text: MANDATORY_NOTICE });
  blocks.push(warnBlock(agency));
  // The reason is what the seeker waits for: kept when it fits two SMS, before any shorter wording without it.
  const withReason =
    reason === null
      ? null
      : chooseSms(
          `Bonjour ${firstName}. Votre demande pour votre ${a.noun} France Travail du ${a.date} n'a pas été acceptée : ${reason}. Votre rendez-vous reste prévu. Une question ? Appelez le ${agency.phone}.`,
          `${firstName}, votre demande pour votre ${a.noun} France Travail du ${a.date} n'a pas été acceptée : ${reason}. Le rendez-vous reste prévu. Une question ? ${agency.phone}`,
          `${firstName}, demande refusée : ${reason}. Votre ${a.noun} France Travail du ${a.date} reste prévu. Question ? ${agency.phone}`,
        );
  const sms =
    withReason !== null && smsSegments(withReason) <= 2
      ? withReason
      : chooseSms(
          `Bonjour ${firstName}. Votre demande pour votre ${a.noun} France Travail du ${a.date} n'a pas été acceptée (réponse dans Mon espace). Votre rendez-vous reste prévu. Une question ? Appelez le ${agency.phone}.`,
          `${firstName}, votre demande pour votre ${a.noun} France Travail du ${a.date} n'a pas été acceptée (réponse dans Mon espace). Le rendez-vous reste prévu. Une question ? ${agency.phone}`,
          `${firstName}, demande refusée : votre ${a.noun} France Travail du ${a.date} reste prévu. Réponse dans Mon espace. Question ? ${agency.phone}`,
        );
  return { ...email(firstName, agency, subject, blocks), sms };
}

function requestAnswer(firstName: string, agency: Agency, answer: MessageRequestAnswer): ComposedMessage {
  switch (answer.type) {
    case "PROPOSED":
      return proposed(firstName, agency, appointmentOf(answer.appointment), answer.proposed);
    case "DECLINED":
      return declined(firstName, agency, appointmentOf(answer.appointment), answer.reason);
  }
}

/** The e-mail (subject, text, HTML) and the SMS of one message to a seeker. */
export function composeMessage(input: MessageInput): ComposedMessage {
  const firstName = clean(input.firstName);
  const agency = agencyOf(input.agency);
  switch (input.kind) {
    case "CONVOCATION":
      return convocation(firstName, agency, appointmentOf(input.appointment));
    case "REMINDER":
      return reminder(firstName, agency, appointmentOf(input.appointment));
    case "CHANGE":
      return changeMessage(firstName, agency, input.change);
    case "DIAGNOSTIC_RESULT":
      return diagnosticResult(firstName, agency, input);
    case "NEW_MESSAGE":
      return newMessage(firstName, agency);
    case "REQUEST_ANSWER":
      return requestAnswer(firstName, agency, input.answer);
  }
}
