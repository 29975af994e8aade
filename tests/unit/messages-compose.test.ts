import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APPOINTMENT_KINDS, type AppointmentKind, BARRIER_HELP, BARRIER_LABELS, MODALITIES, type Modality, smsEncoding, smsSegments } from "@/domain";
import {
  composeMessage,
  type ComposedMessage,
  MANDATORY_NOTICE,
  type MessageAgency,
  type MessageAppointment,
  type MessageChannel,
  type MessageInput,
  PRIVATE_LIFE_WORDS,
} from "@/lib/messages/compose";

// ————————————————————————————————————————————— typical data: a long first name, a long agency name

const FIRST_NAME = "Marie-Bernadette";
const ADVISOR = "Anne-Sophie Lefèvre-Da Silva";
const AGENCY: MessageAgency = {
  name: "Saint-Étienne-du-Rouvray",
  address: "12 rue de la République, 76800 Saint-Étienne-du-Rouvray",
  phone: "02 35 12 34 56",
};
const SHORT_AGENCY: MessageAgency = { name: "Gap", address: "1 rue de la Paix, 05000 Gap", phone: "04 92 00 00 00", email: "gap@francetravail.example" };
const paris = (instant: string) => ({ instant, timeZone: "Europe/Paris" });
const CHANNELS: readonly MessageChannel[] = ["AGENCY", "PHONE", "VIDEO"];

/** The text part as paragraphs, for expected values that read like the e-mail. */
const paragraphs = (...blocks: string[]) => `${blocks.join("\n\n")}\n`;

/** What a reader sees of the HTML part: its body's text, entities decoded, spaces collapsed. */
function htmlContent(html: string): string {
  const body = html.slice(html.indexOf("<body"), html.indexOf("</body>"));
  return body
    .replace(/<\/(p|li)>/g, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** What a reader sees of the text part: without the list dashes, spaces collapsed. */
const textContent = (text: string) => text.replace(/^- /gm, "").replace(/\s+/g, " ").trim();

/** The tags the HTML part is made of; anything else between < and > would come from a value. */
const OWN_TAGS = /<!DOCTYPE html>|<\/?(html|head|meta|title|body|p|ul|li|strong)(\s[^>]*)?>/g;

const allParts = (m: ComposedMessage) => [m.subject, m.text, m.html, m.sms];

describe("composeMessage — golden messages", () => {
  it("CONVOCATION to a mandatory review: a convocation, said to be mandatory, with what missing it means", () => {
    const m = composeMessage({
      kind: "CONVOCATION",
      firstName: FIRST_NAME,
      agency: AGENCY,
      appointment: {
        kind: "REVIEW_M4",
        when: paris("2026-12-15T13:00:00Z"),
        channel: "AGENCY",
        advisorName: ADVISOR,
        bring: ["votre pièce d'identité", "votre CV à jour"],
      },
    });
    expect(m.subject).toBe("Convocation France Travail : votre bilan du 4e mois, obligatoire, le mardi 15 décembre 2026 à 14 h 00");
    expect(m.text).toBe(
      paragraphs(
        "Bonjour Marie-Bernadette,",
        "France Travail vous convoque à votre bilan du 4e mois.",
        "Vous faites le point sur votre recherche d'emploi, 4 mois après votre inscription.",
        "Quand : mardi 15 décembre 2026 à 14 h 00\n" +
          "À l'agence France Travail Saint-Étienne-du-Rouvray, 12 rue de la République, 76800 Saint-Étienne-du-Rouvray\n" +
          "Avec : Anne-Sophie Lefèvre-Da Silva, votre conseiller·ère",
        "À apporter :\n- votre pièce d'identité\n- votre CV à jour",
        "Ce rendez-vous est obligatoire. Si vous le manquez sans raison valable, vos allocations peuvent être suspendues, ainsi que votre inscription à France Travail.",
        "Vous n'êtes pas disponible ? Prévenez l'agence avant le rendez-vous : appelez le 02 35 12 34 56.",
        "L'agence France Travail Saint-Étienne-du-Rouvray",
      ),
    );
    expect(m.html).toBe(
      [
        "<!DOCTYPE html>",
        '<html lang="fr">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Convocation France Travail : votre bilan du 4e mois, obligatoire, le mardi 15 décembre 2026 à 14 h 00</title></head>',
        '<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1e1e1e;">',
        "<p>Bonjour Marie-Bernadette,</p>",
        "<p>France Travail vous convoque à votre bilan du 4e mois.</p>",
        "<p>Vous faites le point sur votre recherche d&#39;emploi, 4 mois après votre inscription.</p>",
        '<ul style="margin: 0 0 1em; padding-left: 1.25em;"><li><strong>Quand :</strong> mardi 15 décembre 2026 à 14 h 00</li><li>À l&#39;agence France Travail Saint-Étienne-du-Rouvray, 12 rue de la République, 76800 Saint-Étienne-du-Rouvray</li><li><strong>Avec :</strong> Anne-Sophie Lefèvre-Da Silva, votre conseiller·ère</li></ul>',
        '<p>À apporter :</p><ul style="margin: 0 0 1em; padding-left: 1.25em;"><li>votre pièce d&#39;identité</li><li>votre CV à jour</li></ul>',
        "<p><strong>Ce rendez-vous est obligatoire. Si vous le manquez sans raison valable, vos allocations peuvent être suspendues, ainsi que votre inscription à France Travail.</strong></p>",
        "<p>Vous n&#39;êtes pas disponible ? Prévenez l&#39;agence avant le rendez-vous : appelez le 02 35 12 34 56.</p>",
        "<p>L&#39;agence France Travail Saint-Étienne-du-Rouvray</p>",
        "</body>",
        "</html>",
        "",
      ].join("\n"),
    );
    expect(m.sms).toBe(
      "Convocation obligatoire France Travail : bilan du 4e mois, mardi 15 décembre 2026 à 14 h 00, agence Saint-Étienne-du-Rouvray. Indisponible ? 02 35 12 34 56",
    );
    expect(smsSegments(m.sms)).toBe(1);
  });

  it("CONVOCATION to a first interview by phone, short names: the fullest SMS wording that fits one SMS", () => {
    const m = composeMessage({
      kind: "CONVOCATION",
      firstName: "Léa",
      agency: SHORT_AGENCY,
      appointment: { kind: "INITIAL", when: paris("2026-03-03T09:30:00Z"), channel: "PHONE", advisorName: "Paul Roux" },
    });
    expect(m.subject).toBe("France Travail : votre premier entretien le mardi 3 mars 2026 à 10 h 30");
    expect(m.text).toBe(
      paragraphs(
        "Bonjour Léa,",
        "L'agence France Travail Gap vous invite à votre premier entretien.",
        "Vous faites connaissance avec votre conseiller·ère. Ensemble, vous choisissez votre accompagnement.",
        "Quand : mardi 3 mars 2026 à 10 h 30\nPar téléphone : votre conseiller·ère vous appelle.\nAvec : Paul Roux, votre conseiller·ère",
        "Vous n'êtes pas disponible ? Prévenez l'agence avant le rendez-vous : appelez le 04 92 00 00 00 ou écrivez à gap@francetravail.example.",
        "L'agence France Travail Gap",
      ),
    );
    expect(m.sms).toBe("Léa, votre premier entretien France Travail : mardi 3 mars 2026 à 10 h 30, par téléphone. Pas disponible ? Appelez le 04 92 00 00 00");
    expect(smsSegments(m.sms)).toBe(1);
  });

  it("REMINDER of a follow-up in video, with a date the caller formatted", () => {
    const m = composeMessage({
      kind: "REMINDER",
      firstName: FIRST_NAME,
      agency: AGENCY,
      appointment: { kind: "FOLLOW_UP", when: { formatted: "jeudi 8 octobre 2026 à 10 h 30" }, channel: "VIDEO", advisorName: ADVISOR, bring: ["votre CV"] },
    });
    expect(m.subject).toBe("Rappel : votre rendez-vous de suivi le jeudi 8 octobre 2026 à 10 h 30");
    expect(m.text).toBe(
      paragraphs(
        "Bonjour Marie-Bernadette,",
        "Nous vous rappelons votre rendez-vous de suivi.",
        "Vous parlez de vos démarches et de la suite avec votre conseiller·ère.",
        "Quand : jeudi 8 octobre 2026 à 10 h 30\nEn visio : un appel vidéo sur internet.\nAvec : Anne-Sophie Lefèvre-Da Silva, votre conseiller·ère",
        "À avoir près de vous :\n- votre CV",
        "Vous n'êtes pas disponible ? Prévenez l'agence avant le rendez-vous : appelez le 02 35 12 34 56.",
        "L'agence France Travail Saint-Étienne-du-Rouvray",
      ),
    );
    expect(m.sms).toBe(
      "Marie-Bernadette, rappel : votre rendez-vous de suivi France Travail le jeudi 8 octobre 2026 à 10 h 30, en visio. Pas disponible ? Appelez le 02 35 12 34 56",
    );
  });

  it("CHANGE, rescheduled with another advisor (a rebalancing's re-plan): old and new, in two SMS at most", () => {
    const before: MessageAppointment = {
      kind: "JOINT_GLOBAL",
      when: paris("2026-11-05T13:30:00Z"),
      channel: "AGENCY",
      advisorName: "Jean Dupont",
      socialWorkerName: "Sami Haddad",
    };
    const m = composeMessage({
      kind: "CHANGE",
      firstName: FIRST_NAME,
      agency: AGENCY,
      change: { type: "RESCHEDULED", before, after: { ...before, when: paris("2026-11-12T14:00:00Z"), advisorName: ADVISOR } },
    });
    expect(m.subject).toBe("Changement : votre rendez-vous à trois est déplacé au jeudi 12 novembre 2026 à 15 h 00");
    expect(m.text).toBe(
      paragraphs(
        "Bonjour Marie-Bernadette,",
        "Votre rendez-vous à trois est déplacé.",
        "Date : jeudi 12 novembre 2026 à 15 h 00 (au lieu du jeudi 5 novembre 2026 à 14 h 30)\n" +
          "Conseiller·ère : Anne-Sophie Lefèvre-Da Silva (au lieu de Jean Dupont)",
        "Votre rendez-vous :",
        "Vous rencontrez ensemble votre conseiller·ère et votre travailleur·se social·e.",
        "Quand : jeudi 12 novembre 2026 à 15 h 00\n" +
          "À l'agence France Travail Saint-Étienne-du-Rouvray, 12 rue de la République, 76800 Saint-Étienne-du-Rouvray\n" +
          "Avec : Anne-Sophie Lefèvre-Da Silva, votre conseiller·ère, et Sami Haddad, travailleur·se social·e",
        "Vous n'êtes pas disponible ? Prévenez l'agence avant le rendez-vous : appelez le 02 35 12 34 56.",
        "L'agence France Travail Saint-Étienne-du-Rouvray",
      ),
    );
    expect(m.sms).toBe(
      "Marie-Bernadette, votre rendez-vous à trois France Travail est déplacé au jeudi 12 novembre 2026 à 15 h 00 (au lieu du jeudi 5 novembre 2026 à 14 h 30), agence Saint-Étienne-du-Rouvray, avec Anne-Sophie Lefèvre-Da Silva. Pas disponible ? Appelez le 02 35 12 34 56",
    );
    expect(smsSegments(m.sms)).toBe(2);
  });

  it("CHANGE, same time but now by phone: the place is what changed", () => {
    const before: MessageAppointment = { kind: "FOLLOW_UP", when: paris("2026-11-05T13:30:00Z"), channel: "AGENCY", advisorName: "Paul Roux" };
    const m = composeMessage({
      kind: "CHANGE",
      firstName: "Léa",
      agency: SHORT_AGENCY,
      change: { type: "RESCHEDULED", before, after: { ...before, channel: "PHONE" } },
    });
    expect(m.subject).toBe("Changement pour votre rendez-vous de suivi du jeudi 5 novembre 2026 à 14 h 30");
    expect(m.text).toContain(
      "Votre rendez-vous de suivi change.\n\nLieu : Par téléphone (au lieu de : Agence France Travail Gap, 1 rue de la Paix, 05000 Gap)\n\n",
    );
    expect(m.sms).toBe(
      "Léa, changement pour votre rendez-vous de suivi France Travail du jeudi 5 novembre 2026 à 14 h 30 : par téléphone. Pas disponible ? Appelez le 04 92 00 00 00",
    );
  });

  it("CHANGE, cancelled", () => {
    const m = composeMessage({
      kind: "CHANGE",
      firstName: FIRST_NAME,
      agency: AGENCY,
      change: { type: "CANCELLED", appointment: { kind: "FOLLOW_UP", when: paris("2026-11-05T13:30:00Z"), channel: "PHONE", advisorName: ADVISOR } },
    });
    expect(m.subject).toBe("Annulation : votre rendez-vous de suivi du jeudi 5 novembre 2026 à 14 h 30");
    expect(m.text).toBe(
      paragraphs(
        "Bonjour Marie-Bernadette,",
        "Votre rendez-vous de suivi du jeudi 5 novembre 2026 à 14 h 30 est annulé. Ce rendez-vous n'aura pas lieu.",
        "Si un nouveau rendez-vous est prévu, vous recevrez un autre message.",
        "Une question ? Contactez l'agence : appelez le 02 35 12 34 56.",
        "L'agence France Travail Saint-Étienne-du-Rouvray",
      ),
    );
    expect(m.sms).toBe(
      "Marie-Bernadette, votre rendez-vous de suivi France Travail du jeudi 5 novembre 2026 à 14 h 30 est annulé. Une question ? Appelez le 02 35 12 34 56",
    );
    expect(smsSegments(m.sms)).toBe(1);
  });

  it("CHANGE, new advisor after a rebalancing, with the next appointment (a mandatory review)", () => {
    const m = composeMessage({
      kind: "CHANGE",
      firstName: FIRST_NAME,
      agency: AGENCY,
      change: {
        type: "NEW_ADVISOR",
        reason: "REBALANCING",
        previousAdvisorName: "Jean Dupont",
        advisorName: ADVISOR,
        nextAppointment: { kind: "REVIEW_M9", when: paris("2027-01-12T13:30:00Z"), channel: "AGENCY", advisorName: ADVISOR },
      },
    });
    expect(m.subject).toBe("Anne-Sophie Lefèvre-Da Silva vous accompagne désormais à France Travail");
    expect(m.text).toBe(
      paragraphs(
        "Bonjour Marie-Bernadette,",
        "À partir de maintenant, Anne-Sophie Lefèvre-Da Silva vous accompagne à France Travail, à la place de Jean Dupont.",
        "L'agence a réorganisé le suivi des personnes. Votre accompagnement reste le même.",
        "Votre prochain rendez-vous : votre bilan du 9e mois.",
        "Vous faites le point sur votre recherche d'emploi, 9 mois après votre inscription.",
        "Quand : mardi 12 janvier 2027 à 14 h 30\n" +
          "À l'agence France Travail Saint-Étienne-du-Rouvray, 12 rue de la République, 76800 Saint-Étienne-du-Rouvray\n" +
          "Avec : Anne-Sophie Lefèvre-Da Silva, votre conseiller·ère",
        MANDATORY_NOTICE,
        "Vous n'êtes pas disponible ? Prévenez l'agence avant le rendez-vous : appelez le 02 35 12 34 56.",
        "L'agence France Travail Saint-Étienne-du-Rouvray",
      ),
    );
    expect(m.sms).toBe(
      "Marie-Bernadette, Anne-Sophie Lefèvre-Da Silva vous accompagne désormais à France Travail. Prochain rendez-vous : mardi 12 janvier 2027 à 14 h 30, agence Saint-Étienne-du-Rouvray. Une question ? Appelez le 02 35 12 34 56",
    );
  });

  it("CHANGE, new advisor after a transfer, no appointment: no reason given, a way to ask", () => {
    const m = composeMessage({
      kind: "CHANGE",
      firstName: "Léa",
      agency: SHORT_AGENCY,
      change: { type: "NEW_ADVISOR", reason: "TRANSFER", previousAdvisorName: "Jean Dupont", advisorName: "Paul Roux", nextAppointment: null },
    });
    expect(m.text).toBe(
      paragraphs(
        "Bonjour Léa,",
        "À partir de maintenant, Paul Roux vous accompagne à France Travail, à la place de Jean Dupont.",
        "Une question ? Contactez l'agence : appelez le 04 92 00 00 00 ou écrivez à gap@francetravail.example.",
        "L'agence France Travail Gap",
      ),
    );
    expect(m.sms).toBe(
      "Bonjour Léa. Paul Roux vous accompagne désormais à France Travail, à la place de Jean Dupont. Une question ? Appelez l'agence au 04 92 00 00 00.",
    );
  });

  it("DIAGNOSTIC_RESULT: the modality in plain words and who the advisor is", () => {
    const m = composeMessage({
      kind: "DIAGNOSTIC_RESULT",
      firstName: FIRST_NAME,
      agency: { ...AGENCY, email: "ape.76800@francetravail.example" },
      modality: "GUIDE",
      agreedRhythmMonths: 1,
      webOnly: false,
      advisorName: ADVISOR,
      nextAppointment: null,
    });
    expect(m.subject).toBe("Votre accompagnement France Travail : Accompagnement guidé");
    expect(m.text).toBe(
      paragraphs(
        "Bonjour Marie-Bernadette,",
        "Après votre entretien, votre accompagnement à France Travail est : Accompagnement guidé.",
        "Votre conseiller·ère est Anne-Sophie Lefèvre-Da Silva.",
        "Votre conseiller·ère vous aide régulièrement dans votre recherche.",
        "Vous avez un contact chaque mois : c'est le rythme choisi avec votre conseiller·ère.",
        "Vous avez aussi un bilan au 4e mois et au 9e mois.",
        "Besoin d'aide entre deux rendez-vous ? Contactez votre conseiller·ère.",
        "Une question ? Contactez l'agence : appelez le 02 35 12 34 56 ou écrivez à ape.76800@francetravail.example.",
        "L'agence France Travail Saint-Étienne-du-Rouvray",
      ),
    );
    expect(m.sms).toBe(
      "Marie-Bernadette, votre accompagnement France Travail : Accompagnement guidé. Anne-Sophie Lefèvre-Da Silva vous accompagne. Une question ? 02 35 12 34 56",
    );
    expect(smsSegments(m.sms)).toBe(1);
  });

  it("DIAGNOSTIC_RESULT in global, overseas: the time in the agency's zone, and no word of private life", () => {
    const m = composeMessage({
      kind: "DIAGNOSTIC_RESULT",
      firstName: "Maëlys",
      agency: { name: "Saint-Denis (La Réunion)", address: "2 rue de Paris, 97400 Saint-Denis", phone: "0262 00 00 00", departement: "974" },
      modality: "GLOBAL",
      agreedRhythmMonths: null,
      webOnly: false,
      advisorName: "Ibrahim Saïd",
      nextAppointment: {
        kind: "JOINT_GLOBAL",
        when: { instant: "2026-06-02T06:00:00Z", timeZone: "Indian/Reunion" },
        channel: "AGENCY",
        advisorName: "Ibrahim Saïd",
        socialWorkerName: "Lucie Payet",
      },
    });
    expect(m.text).toBe(
      paragraphs(
        "Bonjour Maëlys,",
        "Après votre entretien, votre accompagnement à France Travail est : Accompagnement global.",
        "Votre conseiller·ère est Ibrahim Saïd.",
        "Deux personnes vous aident : votre conseiller·ère France Travail et un·e travailleur·se social·e du département.",
        "Le premier mois, vous avez un rendez-vous à trois. Ensuite, vous avez un contact chaque mois.",
        "Votre prochain rendez-vous : votre rendez-vous à trois.",
        "Vous rencontrez ensemble votre conseiller·ère et votre travailleur·se social·e.",
        "Quand : mardi 2 juin 2026 à 10 h 00 (heure de La Réunion)\n" +
          "À l'agence France Travail Saint-Denis (La Réunion), 2 rue de Paris, 97400 Saint-Denis\n" +
          "Avec : Ibrahim Saïd, votre conseiller·ère, et Lucie Payet, travailleur·se social·e",
        "Vous n'êtes pas disponible ? Prévenez l'agence avant le rendez-vous : appelez le 0262 00 00 00.",
        "L'agence France Travail Saint-Denis (La Réunion)",
      ),
    );
    // The SMS goes in GSM-7: ë and ï lose their accent.
    expect(m.sms).toBe(
      "Maelys, votre accompagnement France Travail : Accompagnement global. Ibrahim Said vous accompagne. Prochain rendez-vous : mardi 2 juin 2026 à 10 h 00, agence Saint-Denis (La Réunion). Une question ? Appelez le 0262 00 00 00",
    );
  });
});

// ————————————————————————————————————————————— SMS length, kind by kind

const appointment = (kind: AppointmentKind, channel: MessageChannel, extra: Partial<MessageAppointment> = {}): MessageAppointment => ({
  kind,
  channel,
  // The longest dates French writes: « mercredi 30 septembre 2026 à 16 h 30 ».
  when: paris("2026-09-30T14:30:00Z"),
  advisorName: ADVISOR,
  bring: ["votre pièce d'identité"],
  ...extra,
});

describe("composeMessage — the answer to a request on an appointment (REQUEST_ANSWER)", () => {
  const followUp = (extra: Partial<MessageAppointment> = {}): MessageAppointment => ({
    kind: "FOLLOW_UP",
    when: paris("2026-04-02T12:00:00Z"),
    channel: "AGENCY",
    advisorName: "Paul Roux",
    ...extra,
  });

  it("PROPOSED: the proposed time in words in the agency's zone, where to accept it, and that the appointment stays meanwhile", () => {
    const m = composeMessage({
      kind: "REQUEST_ANSWER",
      firstName: "Léa",
      agency: { ...SHORT_AGENCY, departement: "974" },
      answer: {
        type: "PROPOSED",
        appointment: followUp({ when: { instant: "2026-04-02T10:00:00Z", timeZone: "Indian/Reunion" } }),
        proposed: { instant: "2026-04-07T05:30:00Z", timeZone: "Indian/Reunion" },
      },
    });
    expect(m.subject).toBe("Votre demande : un autre horaire vous est proposé pour votre rendez-vous de suivi");
    expect(m.text).toBe(
      paragraphs(
        "Bonjour Léa,",
        "Votre conseiller·ère vous propose un autre horaire pour votre rendez-vous de suivi du jeudi 2 avril 2026 à 14 h 00 :",
        "Nouvel horaire proposé : mardi 7 avril 2026 à 9 h 30 (heure de La Réunion)",
        "Pour l'accepter ou demander autre chose, allez dans « Mon espace ».",
        "Tant que vous n'avez pas accepté, votre rendez-vous reste prévu le jeudi 2 avril 2026 à 14 h 00.",
        "Une question ? Contactez l'agence : appelez le 04 92 00 00 00 ou écrivez à gap@francetravail.example.",
        "L'agence France Travail Gap",
      ),
    );
    expect(htmlContent(m.html)).toBe(textContent(m.text));
    // The fullest wording among those taking the fewest SMS: one.
    expect(m.sms).toBe(
      "Léa, France Travail vous propose un autre horaire : mardi 7 avril 2026 à 9 h 30. Acceptez-le dans Mon espace. Question ? 04 92 00 00 00",
    );
    expect(smsSegments(m.sms)).toBe(1);
  });

  it("DECLINED: the advisor's short reason, and the appointment that stays", () => {
    const m = composeMessage({
      kind: "REQUEST_ANSWER",
      firstName: "Léa",
      agency: SHORT_AGENCY,
      answer: { type: "DECLINED", appointment: followUp(), reason: "Pas possible cette semaine." },
    });
    expect(m.subject).toBe("Votre demande pour votre rendez-vous de suivi du jeudi 2 avril 2026 à 14 h 00 n'a pas été acceptée");
    expect(m.text).toContain(
      "Votre demande pour votre rendez-vous de suivi du jeudi 2 avril 2026 à 14 h 00 n'a pas été acceptée.\n\nMotif : Pas possible cette semaine\n",
    );
    expect(m.text).toContain("Votre rendez-vous reste prévu :");
    expect(m.text).toContain("Quand : jeudi 2 avril 2026 à 14 h 00");
    expect(m.text).not.toContain(MANDATORY_NOTICE);
    expect(m.sms).toMatch(/n'a pas été acceptée : Pas possible cette semaine\. .*reste prévu/);
    expect(smsSegments(m.sms)).toBeLessThanOrEqual(2);
    const review = composeMessage({
      kind: "REQUEST_ANSWER",
      firstName: "Léa",
      agency: SHORT_AGENCY,
      answer: { type: "DECLINED", appointment: followUp({ kind: "REVIEW_M4" }), reason: "Le bilan doit avoir lieu ce mois-ci" },
    });
    expect(review.text).toContain(MANDATORY_NOTICE);
    // A reason too long for two SMS gives way to the answer on « Mon espace ».
    const long = composeMessage({
      kind: "REQUEST_ANSWER",
      firstName: "Léa",
      agency: SHORT_AGENCY,
      answer: { type: "DECLINED", appointment: followUp(), reason: `Pas possible ${"cette semaine ".repeat(20)}` },
    });
    expect(long.text).toContain("Motif : Pas possible cette semaine");
    expect(long.sms).not.toContain("Pas possible");
    expect(long.sms).toMatch(/réponse dans Mon espace/i);
  });

  it("DECLINED: a reason naming an area of private life is left out (the answer is on « Mon espace »); a hostile one is escaped", () => {
    const privateReason = composeMessage({
      kind: "REQUEST_ANSWER",
      firstName: "Léa",
      agency: SHORT_AGENCY,
      answer: { type: "DECLINED", appointment: followUp(), reason: "Votre santé d'abord : on en parle au rendez-vous" },
    });
    for (const part of allParts(privateReason)) expect(part).not.toMatch(PRIVATE_LIFE_WORDS);
    expect(privateReason.text).toContain("La réponse de votre conseiller·ère est dans « Mon espace ».");
    expect(privateReason.sms).toMatch(/réponse dans Mon espace/i);

    const hostile = composeMessage({
      kind: "REQUEST_ANSWER",
      firstName: "Léa",
      agency: SHORT_AGENCY,
      answer: { type: "DECLINED", appointment: followUp(), reason: '<script>alert("x")</script>\r\nBcc: x@example.fr' },
    });
    expect(hostile.html).not.toContain("<script");
    expect(hostile.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Bcc: x@example.fr");
    expect(hostile.html.replace(OWN_TAGS, "")).not.toMatch(/[<>]/);
    expect(hostile.subject).not.toMatch(/[\r\n]/);
    expect(hostile.sms).not.toMatch(/[\r\n]/);
    expect(htmlContent(hostile.html)).toBe(textContent(hostile.text));
  });
});

describe("composeMessage — SMS length with a long first name and a long agency name", () => {
  const cases = APPOINTMENT_KINDS.flatMap((kind) => CHANNELS.map((channel) => [kind, channel] as const));

  it.each(cases)("CONVOCATION, REMINDER and CANCELLED of %s (%s) fit one SMS in GSM-7", (kind, channel) => {
    const a = appointment(kind, channel, { socialWorkerName: kind === "JOINT_GLOBAL" ? "Sami Haddad" : null });
    const messages = [
      composeMessage({ kind: "CONVOCATION", firstName: FIRST_NAME, agency: AGENCY, appointment: a }),
      composeMessage({ kind: "REMINDER", firstName: FIRST_NAME, agency: AGENCY, appointment: a }),
      composeMessage({ kind: "CHANGE", firstName: FIRST_NAME, agency: AGENCY, change: { type: "CANCELLED", appointment: a } }),
    ];
    for (const m of messages) {
      expect(smsEncoding(m.sms), m.sms).toBe("GSM-7");
      expect(smsSegments(m.sms), m.sms).toBe(1);
    }
  });

  it.each(cases)("a RESCHEDULED %s (%s) says old and new in two SMS at most", (kind, channel) => {
    const before = appointment(kind, "AGENCY", { when: paris("2026-09-29T14:30:00Z"), advisorName: "Jean-Christophe Marchand-Lebrun" });
    const m = composeMessage({
      kind: "CHANGE",
      firstName: FIRST_NAME,
      agency: AGENCY,
      change: { type: "RESCHEDULED", before, after: appointment(kind, channel) },
    });
    expect(smsEncoding(m.sms)).toBe("GSM-7");
    expect(smsSegments(m.sms), m.sms).toBeLessThanOrEqual(2);
    expect(m.sms).toContain("mercredi 30 septembre 2026 à 16 h 30");
    expect(m.sms).toContain("au lieu du mardi 29 septembre 2026 à 16 h 30");
  });

  it("a NEW_ADVISOR fits one SMS alone, two with the next appointment", () => {
    const change = { type: "NEW_ADVISOR", reason: "TRANSFER", previousAdvisorName: "Jean Dupont", advisorName: ADVISOR } as const;
    const alone = composeMessage({ kind: "CHANGE", firstName: FIRST_NAME, agency: AGENCY, change: { ...change, nextAppointment: null } });
    expect(smsSegments(alone.sms)).toBe(1);
    for (const channel of CHANNELS) {
      const next = composeMessage({
        kind: "CHANGE",
        firstName: FIRST_NAME,
        agency: AGENCY,
        change: { ...change, nextAppointment: appointment("REVIEW_M4", channel) },
      });
      expect(smsSegments(next.sms), next.sms).toBeLessThanOrEqual(2);
      expect(next.sms).toContain("mercredi 30 septembre 2026 à 16 h 30");
    }
  });

  it("a DIAGNOSTIC_RESULT fits one SMS, except suivi (the longest name of a modality) and a next appointment: two", () => {
    const result = (modality: Modality, webOnly: boolean, nextAppointment: MessageAppointment | null) =>
      composeMessage({
        kind: "DIAGNOSTIC_RESULT",
        firstName: FIRST_NAME,
        agency: AGENCY,
        modality,
        agreedRhythmMonths: null,
        webOnly,
        advisorName: ADVISOR,
        nextAppointment,
      });
    for (const modality of ["GUIDE", "RENFORCE", "GLOBAL"] as const) expect(smsSegments(result(modality, false, null).sms)).toBe(1);
    for (const modality of MODALITIES) {
      for (const next of [null, appointment("FOLLOW_UP", "AGENCY")]) {
        const m = result(modality, modality === "SUIVI", next);
        expect(smsSegments(m.sms), m.sms).toBeLessThanOrEqual(2);
        expect(m.sms).toContain("Anne-Sophie Lefèvre-Da Silva vous accompagne");
      }
    }
  });

  it("with short names, all but a move or a message with a next appointment fit one SMS with the first name; the fullest wording when it fits", () => {
    for (const kind of APPOINTMENT_KINDS) {
      for (const channel of CHANNELS) {
        const a = appointment(kind, channel);
        const messages = [
          composeMessage({ kind: "CONVOCATION", firstName: "Léa", agency: SHORT_AGENCY, appointment: a }),
          composeMessage({ kind: "REMINDER", firstName: "Léa", agency: SHORT_AGENCY, appointment: a }),
          composeMessage({ kind: "CHANGE", firstName: "Léa", agency: SHORT_AGENCY, change: { type: "CANCELLED", appointment: a } }),
          composeMessage({
            kind: "CHANGE",
            firstName: "Léa",
            agency: SHORT_AGENCY,
            change: { type: "NEW_ADVISOR", reason: "TRANSFER", previousAdvisorName: "Jean Dupont", advisorName: "Paul Roux", nextAppointment: null },
          }),
        ];
        for (const m of messages) {
          expect(m.sms, m.sms).toContain("Léa");
          expect(smsSegments(m.sms), m.sms).toBe(1);
        }
        const shortDate = appointment(kind, channel, { when: paris("2026-03-03T09:30:00Z") });
        const cancelled = composeMessage({ kind: "CHANGE", firstName: "Léa", agency: SHORT_AGENCY, change: { type: "CANCELLED", appointment: shortDate } });
        expect(cancelled.sms.startsWith("Bonjour Léa. Votre "), cancelled.sms).toBe(true);
      }
    }
  });
});

// ————————————————————————————————————————————— what a message never holds, and always holds

describe("composeMessage — safety", () => {
  const hostile = '<script>alert("x")</script> & Cie';

  it("escapes every value in the HTML part, and keeps it as written in the text part", () => {
    const m = composeMessage({
      kind: "CONVOCATION",
      firstName: hostile,
      agency: { name: "Tom & Jerry", address: '<b>1</b> rue "d\'en bas"', phone: "01 <i>", email: "a&b@example.fr" },
      appointment: {
        kind: "FOLLOW_UP",
        when: { formatted: "<u>demain</u>" },
        channel: "AGENCY",
        advisorName: "<img src=x onerror=alert(1)>",
        bring: ["<ton CV>"],
      },
    });
    expect(m.html).not.toMatch(/<script|<b>|<i>|<u>|<img|<ton/);
    expect(m.html).toContain("<p>Bonjour &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie,</p>");
    expect(m.html).toContain("&lt;b&gt;1&lt;/b&gt; rue &quot;d&#39;en bas&quot;");
    expect(m.html).toContain("a&amp;b@example.fr");
    expect(m.html.replace(OWN_TAGS, "")).not.toMatch(/[<>]/);
    expect(m.text).toContain(`Bonjour ${hostile},`);
    expect(htmlContent(m.html)).toBe(textContent(m.text));
  });

  it("keeps every value on one line: no line break reaches the subject (a mail header) or the SMS", () => {
    const m = composeMessage({
      kind: "CHANGE",
      firstName: "Léa\r\nBcc: victim@example.fr",
      agency: SHORT_AGENCY,
      change: {
        type: "NEW_ADVISOR",
        reason: "TRANSFER",
        previousAdvisorName: "A\u2028B",
        advisorName: "Paul\r\nBcc: x@example.fr\u0000",
        nextAppointment: null,
      },
    });
    expect(m.subject).toBe("Paul Bcc: x@example.fr vous accompagne désormais à France Travail");
    expect(m.sms).not.toMatch(/[\r\n\u0000\u2028]/);
    expect(m.text).toContain("Bonjour Léa Bcc: victim@example.fr,");
  });

  it("has no field for barriers, health or social details, and says nothing of them when handed some", () => {
    const input = {
      kind: "DIAGNOSTIC_RESULT",
      firstName: "Léa",
      agency: SHORT_AGENCY,
      modality: "GLOBAL",
      agreedRhythmMonths: null,
      webOnly: false,
      advisorName: "Paul Roux",
      nextAppointment: null,
      // @ts-expect-error — MessageInput has no barriers field: a barrier cannot even be handed to a message.
      barriers: { HEALTH: "MAJOR", HOUSING: "MAJOR" },
    } satisfies MessageInput;
    const m = composeMessage(input);
    for (const part of allParts(m)) {
      expect(part).not.toMatch(PRIVATE_LIFE_WORDS);
      expect(part).not.toMatch(/MAJOR|HEALTH|HOUSING/);
      for (const label of Object.values(BARRIER_LABELS)) expect(part.toLowerCase()).not.toContain(label.toLowerCase());
    }
  });

  it("leaves out the sentences of the seeker's pages that name areas of private life (global, social review)", () => {
    const global = composeMessage({
      kind: "DIAGNOSTIC_RESULT",
      firstName: "Léa",
      agency: SHORT_AGENCY,
      modality: "GLOBAL",
      agreedRhythmMonths: null,
      webOnly: false,
      advisorName: "Paul Roux",
      nextAppointment: appointment("SOCIAL_REVIEW", "AGENCY"),
    });
    expect(global.text).toContain("Deux personnes vous aident");
    expect(global.text).toContain("Le premier mois, vous avez un rendez-vous à trois.");
    expect(global.text).not.toContain("Le travailleur social vous aide");
    expect(global.text).not.toContain("difficultés de la vie quotidienne");
    for (const part of allParts(global)) expect(part).not.toMatch(PRIVATE_LIFE_WORDS);
  });

  it("finds the words of private life it must keep out, accented or not, and not inside other words", () => {
    for (const word of ["santé", "Santé", "logement", "argent", "famille", "handicap", "freins", "difficultés"]) expect(word).toMatch(PRIVATE_LIFE_WORDS);
    for (const help of Object.values(BARRIER_HELP)) expect(help).toMatch(PRIVATE_LIFE_WORDS);
    for (const ok of ["Sainte-Anne", "largentière", "Rendez-vous à trois", "travailleur social"]) expect(ok).not.toMatch(PRIVATE_LIFE_WORDS);
  });

  it("says a review is mandatory only for M4, M9 and the joint diagnostic", () => {
    for (const kind of APPOINTMENT_KINDS) {
      const m = composeMessage({ kind: "CONVOCATION", firstName: "Léa", agency: SHORT_AGENCY, appointment: appointment(kind, "PHONE") });
      const mandatory = kind === "REVIEW_M4" || kind === "REVIEW_M9" || kind === "JOINT_DIAGNOSTIC";
      expect(m.subject.includes("Convocation") && m.subject.includes("obligatoire")).toBe(mandatory);
      expect(m.text.includes(MANDATORY_NOTICE)).toBe(mandatory);
      expect(m.sms.includes("obligatoire")).toBe(mandatory);
    }
  });

  it("refuses an instant that is not one", () => {
    expect(() =>
      composeMessage({ kind: "REMINDER", firstName: "Léa", agency: SHORT_AGENCY, appointment: appointment("FOLLOW_UP", "PHONE", { when: paris("demain") }) }),
    ).toThrow("Date de rendez-vous invalide : « demain ».");
  });

  it("never writes « ? » for a name GSM-7 cannot write: the SMS keeps it in UCS-2, or leaves it out when that saves an SMS", () => {
    const ownQuestionMarks = /(disponible|question) \?/g;
    const result = composeMessage({
      kind: "DIAGNOSTIC_RESULT",
      firstName: "张伟",
      agency: SHORT_AGENCY,
      modality: "GUIDE",
      agreedRhythmMonths: null,
      webOnly: false,
      advisorName: "Paul Roux",
      nextAppointment: null,
    });
    expect(smsEncoding(result.sms)).toBe("UCS-2");
    expect(result.sms.startsWith("张伟, votre accompagnement France Travail : Accompagnement guidé.")).toBe(true);
    expect(result.sms.replace(ownQuestionMarks, "")).not.toContain("?");
    const reminder = composeMessage({ kind: "REMINDER", firstName: "张伟", agency: SHORT_AGENCY, appointment: appointment("FOLLOW_UP", "PHONE") });
    expect(reminder.sms).toBe(
      "Rappel France Travail : rendez-vous de suivi le mercredi 30 septembre 2026 à 16 h 30, par téléphone. Indisponible ? 04 92 00 00 00",
    );
    expect(smsEncoding(reminder.sms)).toBe("GSM-7");
  });
});

// ————————————————————————————————————————————— properties over many inputs

const FIRST_NAMES = [
  "Léa",
  "Marie-Bernadette",
  "François",
  "Zoë",
  "Jean-Noël",
  "Maëlys",
  "Anaïs",
  "Chloé",
  "Ève",
  "Benoît",
  "Éléonore-Joséphine",
  "O'Brien",
  "Tom & Léa <3",
];
const PEOPLE = [
  "Paul Roux",
  "Anne-Sophie Lefèvre-Da Silva",
  "Jean-Christophe Marchand-Lebrun",
  "Hélène Bœuf",
  "Ibrahim Saïd",
  "Céline N'Diaye",
  "Loïc <Le Gall>",
];
const AGENCIES: MessageAgency[] = [
  SHORT_AGENCY,
  AGENCY,
  {
    name: "Cherbourg-en-Cotentin",
    address: "3 place de la Gare, 50100 Cherbourg-en-Cotentin",
    phone: "+33 2 33 00 00 00",
    email: "cherbourg@francetravail.example",
  },
  { name: "L'Haÿ-les-Roses", address: "5 avenue Larroumès, 94240 L'Haÿ-les-Roses", phone: "3949" },
  { name: "Saint-Denis (La Réunion)", address: "2 rue de Paris, 97400 Saint-Denis", phone: "0262 00 00 00", departement: "974" },
  { name: "Cayenne", address: "1 rue Lalouette, 97300 Cayenne", phone: "0594 00 00 00", departement: "973" },
];
const ZONES = ["Europe/Paris", "Indian/Reunion", "America/Cayenne", "America/Martinique", "Indian/Mayotte"];

const whenArb = fc.oneof(
  fc
    .record({ ms: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 11, 31) }), timeZone: fc.constantFrom(...ZONES) })
    .map(({ ms, timeZone }) => ({ instant: new Date(ms).toISOString(), timeZone })),
  fc.constantFrom({ formatted: "mercredi 30 septembre 2026 à 16 h 30" }, { formatted: "lundi 4 janvier 2027 à 9 h 00" }),
);
const appointmentArb: fc.Arbitrary<MessageAppointment> = fc.record({
  kind: fc.constantFrom(...APPOINTMENT_KINDS),
  when: whenArb,
  channel: fc.constantFrom(...CHANNELS),
  advisorName: fc.constantFrom(...PEOPLE),
  socialWorkerName: fc.option(fc.constantFrom(...PEOPLE), { nil: null }),
  bring: fc.subarray(["votre pièce d'identité", "votre CV à jour", "vos diplômes", "l'attestation de formation"]),
});
const common = { firstName: fc.constantFrom(...FIRST_NAMES), agency: fc.constantFrom(...AGENCIES) };
const inputArb: fc.Arbitrary<MessageInput> = fc.oneof(
  fc.record({ kind: fc.constant("CONVOCATION" as const), ...common, appointment: appointmentArb }),
  fc.record({ kind: fc.constant("REMINDER" as const), ...common, appointment: appointmentArb }),
  fc.record({
    kind: fc.constant("CHANGE" as const),
    ...common,
    change: fc.oneof(
      fc.record({ type: fc.constant("RESCHEDULED" as const), before: appointmentArb, after: appointmentArb }),
      fc.record({ type: fc.constant("CANCELLED" as const), appointment: appointmentArb }),
      fc.record({
        type: fc.constant("NEW_ADVISOR" as const),
        reason: fc.constantFrom("REBALANCING" as const, "TRANSFER" as const),
        previousAdvisorName: fc.constantFrom(...PEOPLE),
        advisorName: fc.constantFrom(...PEOPLE),
        nextAppointment: fc.option(appointmentArb, { nil: null }),
      }),
    ),
  }),
  fc.record({
    kind: fc.constant("REQUEST_ANSWER" as const),
    ...common,
    answer: fc.oneof(
      fc.record({ type: fc.constant("PROPOSED" as const), appointment: appointmentArb, proposed: whenArb }),
      fc.record({
        type: fc.constant("DECLINED" as const),
        appointment: appointmentArb,
        reason: fc.oneof(
          fc.constantFrom(
            "Pas possible cette semaine.",
            "Nous devons faire le point avant votre formation",
            "Votre santé d'abord : on en parle au rendez-vous.",
            'Tom & Jerry <b>ne</b> sont pas "là"',
            "x".repeat(300),
          ),
          fc.string({ minLength: 3, maxLength: 300 }),
        ),
      }),
    ),
  }),
  fc.record({
    kind: fc.constant("DIAGNOSTIC_RESULT" as const),
    ...common,
    modality: fc.constantFrom(...MODALITIES),
    agreedRhythmMonths: fc.option(fc.constantFrom(1, 2, 3), { nil: null }),
    webOnly: fc.boolean(),
    advisorName: fc.constantFrom(...PEOPLE),
    nextAppointment: fc.option(appointmentArb, { nil: null }),
  }),
);

describe("composeMessage — properties", () => {
  it("the HTML part says what the text part says, with every value escaped", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const m = composeMessage(input);
        expect(htmlContent(m.html)).toBe(textContent(m.text));
        expect(m.html.replace(OWN_TAGS, "")).not.toMatch(/[<>]/);
        expect(m.html).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
      }),
      { numRuns: 400 },
    );
  });

  it("the SMS is GSM-7, two SMS at most, in plain words (no « conseiller·ère »)", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { sms } = composeMessage(input);
        expect(smsEncoding(sms)).toBe("GSM-7");
        expect(smsSegments(sms), sms).toBeLessThanOrEqual(2);
        expect(sms).not.toMatch(/·|conseiller/);
      }),
      { numRuns: 400 },
    );
  });

  it("every message greets the seeker, says how to reach the agency, and names no area of private life", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const m = composeMessage(input);
        expect(m.text.startsWith(`Bonjour ${input.firstName},\n\n`)).toBe(true);
        expect(m.text).toMatch(/(Prévenez|Contactez) l'agence/);
        expect(m.text).toContain(input.agency.phone);
        expect(m.sms).toContain(input.agency.phone);
        expect(m.subject).not.toMatch(/[\r\n]/);
        for (const part of allParts(m)) expect(part).not.toMatch(PRIVATE_LIFE_WORDS);
      }),
      { numRuns: 400 },
    );
  });

  it("a convocation or reminder of a mandatory review says it is mandatory and what missing it means, in the e-mail and the SMS", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        fc.pre(input.kind === "CONVOCATION" || input.kind === "REMINDER");
        if (input.kind !== "CONVOCATION" && input.kind !== "REMINDER") return;
        const m = composeMessage(input);
        const mandatory = ["REVIEW_M4", "REVIEW_M9", "JOINT_DIAGNOSTIC"].includes(input.appointment.kind);
        expect(m.text.includes(MANDATORY_NOTICE)).toBe(mandatory);
        expect(m.sms.includes("obligatoire")).toBe(mandatory);
      }),
      { numRuns: 300 },
    );
  });
});
