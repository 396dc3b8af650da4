/*
 * What a phone's, email's or address's type means. WhatsApp passes on the label the sender's phone
 * gave the number: CELL, HOME, WORK, MAIN, IPHONE from iOS, but also whatever the person typed or
 * their phone's language wrote ("Móvil", "Handy", "Büro", "Abuela"). Exports need the meaning
 * (a vCard TYPE, a Google label, an Outlook column); a label with no standard meaning is kept as
 * written, as a custom label.
 */

export type PhoneKind = "cell" | "iphone" | "home" | "work" | "main" | "fax" | "home-fax" | "work-fax" | "pager" | "voice";

/** A phone label read: a standard kind, or a custom label to keep as written (kind "voice"). */
export type PhoneType = { kind: PhoneKind; custom: string | null };

export type PlaceKind = "home" | "work" | "other";

/** An email's, address's or website's label read: home, work, other, or a custom label. */
export type PlaceType = { kind: PlaceKind | null; custom: string | null };

export function phoneTypeOf(label: string | null | undefined): PhoneType | null {
  const key = normalizeLabel(label);
  if (!key) return null;
  const known = phoneSynonyms.get(key);
  if (known) return { kind: known, custom: null };
  return { kind: "voice", custom: singleLine(label!) };
}

export function placeTypeOf(label: string | null | undefined): PlaceType | null {
  const key = normalizeLabel(label);
  if (!key) return null;
  const known = placeSynonyms.get(key);
  if (known) return { kind: known, custom: null };
  return { kind: null, custom: singleLine(label!) };
}

/** Lower case, no accents, no punctuation around or inside the words: "Teléfono móvil." → "telefono movil". */
export function normalizeLabel(label: string | null | undefined): string {
  return (label ?? "")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function singleLine(label: string): string {
  return label.replace(/\s+/g, " ").trim();
}

/*
 * Synonyms as phones write them, in the languages WhatsApp's users use most: English, Spanish,
 * Portuguese, French, German, Italian, Dutch, Turkish, Indonesian, Russian, Hindi (Latin script).
 */
const phoneSynonyms = new Map<string, PhoneKind>(
  Object.entries({
    cell: [
      "cell", "cellular", "cell phone", "cellphone", "mobile", "mobile phone", "mob", "mobil", "movil", "telefono movil", "celular",
      "cel", "handy", "mobiltelefon", "mobilnummer", "portable", "telephone portable", "tel portable", "cellulaire", "gsm", "cellulare",
      "telefonino", "mobiel", "telemovel", "telemovil", "cep", "cep telefonu", "ponsel", "hp", "seluler", "mobilnyi", "мобильный", "сотовый",
    ],
    iphone: ["iphone"],
    home: ["home", "home phone", "casa", "hogar", "domicilio", "particular", "residencial", "privat", "zuhause", "festnetz", "maison", "domicile", "thuis", "ev", "rumah", "домашний"],
    work: [
      "work", "work phone", "business", "office", "trabajo", "oficina", "empresa", "comercial", "trabalho", "escritorio", "buro", "buero", "arbeit", "geschaftlich",
      "dienstlich", "firma", "travail", "bureau", "professionnel", "lavoro", "ufficio", "werk", "kantoor", "is", "kantor", "рабочий",
    ],
    main: ["main", "principal", "haupt", "hauptnummer", "principale", "primary", "pref"],
    fax: ["fax", "telefax", "other fax", "fax otro"],
    "home-fax": ["home fax", "fax casa", "fax particular", "fax privat", "fax domicile"],
    "work-fax": ["work fax", "business fax", "fax trabajo", "fax oficina", "fax trabalho", "fax buro", "fax geschaftlich", "fax bureau", "fax lavoro", "fax werk"],
    pager: ["pager", "beeper", "buscapersonas", "localizador", "bip", "piepser", "cercapersone"],
    voice: ["voice", "phone", "telephone", "tel", "telefono", "telefon", "other", "otro", "outro", "andere", "sonstige", "autre", "altro", "anders", "diger", "lainnya"],
  }).flatMap(([kind, labels]) => labels.map((label) => [normalizeLabel(label), kind as PhoneKind] as const)),
);

const placeSynonyms = new Map<string, PlaceKind>(
  Object.entries({
    home: ["home", "personal", "private", "casa", "hogar", "domicilio", "particular", "pessoal", "privat", "zuhause", "maison", "domicile", "personnel", "thuis", "prive", "ev", "rumah", "pribadi"],
    work: ["work", "business", "office", "trabajo", "oficina", "empresa", "trabalho", "comercial", "arbeit", "buro", "geschaftlich", "dienstlich", "travail", "bureau", "professionnel", "lavoro", "ufficio", "werk", "zakelijk", "is", "kantor"],
    other: ["other", "otro", "outro", "andere", "sonstige", "autre", "altro", "anders", "diger", "lainnya"],
  }).flatMap(([kind, labels]) => labels.map((label) => [normalizeLabel(label), kind as PlaceKind] as const)),
);
