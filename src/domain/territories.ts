/**
 * Départements and the territories whose calendar rules (public holidays, time zone) they follow
 * (docs/rules.md#territories).
 */

/** Names of the départements, keyed by their official code ('01'…'95', '2A', '2B', '971'…'976'). */
export const DEPARTEMENT_NAMES: Readonly<Record<string, string>> = Object.freeze({
  "01": "Ain",
  "02": "Aisne",
  "03": "Allier",
  "04": "Alpes-de-Haute-Provence",
  "05": "Hautes-Alpes",
  "06": "Alpes-Maritimes",
  "07": "Ardèche",
  "08": "Ardennes",
  "09": "Ariège",
  "10": "Aube",
  "11": "Aude",
  "12": "Aveyron",
  "13": "Bouches-du-Rhône",
  "14": "Calvados",
  "15": "Cantal",
  "16": "Charente",
  "17": "Charente-Maritime",
  "18": "Cher",
  "19": "Corrèze",
  "2A": "Corse-du-Sud",
  "2B": "Haute-Corse",
  "21": "Côte-d'Or",
  "22": "Côtes-d'Armor",
  "23": "Creuse",
  "24": "Dordogne",
  "25": "Doubs",
  "26": "Drôme",
  "27": "Eure",
  "28": "Eure-et-Loir",
  "29": "Finistère",
  "30": "Gard",
  "31": "Haute-Garonne",
  "32": "Gers",
  "33": "Gironde",
  "34": "Hérault",
  "35": "Ille-et-Vilaine",
  "36": "Indre",
  "37": "Indre-et-Loire",
  "38": "Isère",
  "39": "Jura",
  "40": "Landes",
  "41": "Loir-et-Cher",
  "42": "Loire",
  "43": "Haute-Loire",
  "44": "Loire-Atlantique",
  "45": "Loiret",
  "46": "Lot",
  "47": "Lot-et-Garonne",
  "48": "Lozère",
  "49": "Maine-et-Loire",
  "50": "Manche",
  "51": "Marne",
  "52": "Haute-Marne",
  "53": "Mayenne",
  "54": "Meurthe-et-Moselle",
  "55": "Meuse",
  "56": "Morbihan",
  "57": "Moselle",
  "58": "Nièvre",
  "59": "Nord",
  "60": "Oise",
  "61": "Orne",
  "62": "Pas-de-Calais",
  "63": "Puy-de-Dôme",
  "64": "Pyrénées-Atlantiques",
  "65": "Hautes-Pyrénées",
  "66": "Pyrénées-Orientales",
  "67": "Bas-Rhin",
  "68": "Haut-Rhin",
  "69": "Rhône",
  "70": "Haute-Saône",
  "71": "Saône-et-Loire",
  "72": "Sarthe",
  "73": "Savoie",
  "74": "Haute-Savoie",
  "75": "Paris",
  "76": "Seine-Maritime",
  "77": "Seine-et-Marne",
  "78": "Yvelines",
  "79": "Deux-Sèvres",
  "80": "Somme",
  "81": "Tarn",
  "82": "Tarn-et-Garonne",
  "83": "Var",
  "84": "Vaucluse",
  "85": "Vendée",
  "86": "Vienne",
  "87": "Haute-Vienne",
  "88": "Vosges",
  "89": "Yonne",
  "90": "Territoire de Belfort",
  "91": "Essonne",
  "92": "Hauts-de-Seine",
  "93": "Seine-Saint-Denis",
  "94": "Val-de-Marne",
  "95": "Val-d'Oise",
  "971": "Guadeloupe",
  "972": "Martinique",
  "973": "Guyane",
  "974": "La Réunion",
  "976": "Mayotte",
});

/** Every valid département code, in official order. */
export const DEPARTEMENTS: readonly string[] = Object.freeze(Object.keys(DEPARTEMENT_NAMES).sort(compareDepartements));

function compareDepartements(a: string, b: string): number {
  const key = (c: string): number => (c === "2A" ? 20.1 : c === "2B" ? 20.2 : Number(c));
  return key(a) - key(b);
}

/**
 * A territory groups the départements that share calendar rules: metropolitan France (incl. Corsica),
 * Alsace-Moselle (57, 67, 68: two extra public holidays), and each overseas département.
 */
export type Territory = "METRO" | "ALSACE_MOSELLE" | "971" | "972" | "973" | "974" | "976";

/** True when `code` is a known département code ('75', '2A', '971', …). */
export function isValidDepartement(code: unknown): code is string {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(DEPARTEMENT_NAMES, code);
}

/** Throws a clear Error unless `code` is a known département code. */
function assertDepartement(code: unknown): asserts code is string {
  if (!isValidDepartement(code)) {
    throw new Error(`Département inconnu : « ${String(code)} » (codes attendus : '01' à '95', '2A', '2B', '971' à '974', '976').`);
  }
}

/** Territory of a département; throws a clear Error for an unknown code. */
export function territoryOf(departement: string): Territory {
  assertDepartement(departement);
  switch (departement) {
    case "57":
    case "67":
    case "68":
      return "ALSACE_MOSELLE";
    case "971":
    case "972":
    case "973":
    case "974":
    case "976":
      return departement;
    default:
      return "METRO";
  }
}

/** True for an overseas département (971–976). */
export function isOverseas(departement: string): boolean {
  const t = territoryOf(departement);
  return t !== "METRO" && t !== "ALSACE_MOSELLE";
}
