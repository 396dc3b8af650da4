import { describe, expect, it } from "vitest";
import { normalizeLabel, phoneTypeOf, placeTypeOf } from "@/lib/contacts/phone-types";

describe("phoneTypeOf", () => {
  it.each<[string, string]>([
    ["CELL", "cell"],
    ["MOBILE", "cell"],
    ["Móvil", "cell"],
    ["movil", "cell"],
    ["Celular", "cell"],
    ["Handy", "cell"],
    ["Portable", "cell"],
    ["Téléphone portable", "cell"],
    ["cellulare", "cell"],
    ["Mobiel", "cell"],
    ["Telemóvel", "cell"],
    ["Мобильный", "cell"],
    ["IPHONE", "iphone"],
    ["HOME", "home"],
    ["Casa", "home"],
    ["Privat", "home"],
    ["Maison", "home"],
    ["WORK", "work"],
    ["Trabajo", "work"],
    ["Büro", "work"],
    ["Geschäftlich", "work"],
    ["Travail", "work"],
    ["Oficina", "work"],
    ["MAIN", "main"],
    ["Principal", "main"],
    ["Fax", "fax"],
    ["Work fax", "work-fax"],
    ["Fax trabajo", "work-fax"],
    ["Home Fax", "home-fax"],
    ["Pager", "pager"],
    ["Other", "voice"],
    ["Teléfono", "voice"],
  ])("reads %j as %s", (label, kind) => {
    expect(phoneTypeOf(label)).toEqual({ kind, custom: null });
  });

  it("ignores case, accents, spaces and punctuation around the label", () => {
    expect(phoneTypeOf("  mÓvil. ")).toEqual({ kind: "cell", custom: null });
    expect(phoneTypeOf("Teléfono   móvil")).toEqual({ kind: "cell", custom: null });
    expect(normalizeLabel(" Büro: ")).toBe("buro");
  });

  it("keeps any other label as written, as a custom label on a voice number", () => {
    expect(phoneTypeOf("Abuela")).toEqual({ kind: "voice", custom: "Abuela" });
    expect(phoneTypeOf(" Oma\n(Festnetz) ")).toEqual({ kind: "voice", custom: "Oma (Festnetz)" });
    expect(phoneTypeOf("小明的手机")).toEqual({ kind: "voice", custom: "小明的手机" });
  });

  it("answers null for no label", () => {
    for (const label of [null, undefined, "", "  ", "..."]) expect(phoneTypeOf(label)).toBeNull();
  });
});

describe("placeTypeOf", () => {
  it.each<[string, string]>([
    ["HOME", "home"],
    ["Casa", "home"],
    ["Personal", "home"],
    ["WORK", "work"],
    ["Trabajo", "work"],
    ["Büro", "work"],
    ["Other", "other"],
  ])("reads %j as %s", (label, kind) => {
    expect(placeTypeOf(label)).toEqual({ kind, custom: null });
  });

  it("keeps any other label as written", () => {
    expect(placeTypeOf("Gym")).toEqual({ kind: null, custom: "Gym" });
    expect(placeTypeOf(null)).toBeNull();
  });
});

/*
 * Every label the exports promise to understand, written as phones write them (accents, capitals,
 * punctuation). The table above checks the reading rules; these check the vocabulary itself: a
 * synonym dropped from phone-types.ts, or moved to another kind, fails here by name.
 */
describe("the label vocabulary", () => {
  const phoneLabels: Record<string, string[]> = {
    cell: [
      "Cell", "Cellular", "Cell phone", "Cellphone", "Mobile", "Mobile phone", "Mob", "Mobil", "Móvil", "Teléfono móvil", "Celular",
      "Cel", "Handy", "Mobiltelefon", "Mobilnummer", "Portable", "Téléphone portable", "Tél. portable", "Cellulaire", "GSM", "Cellulare",
      "Telefonino", "Mobiel", "Telemóvel", "Telemóvil", "Cep", "Cep telefonu", "Ponsel", "HP", "Seluler", "Mobilnyi", "Мобильный", "Сотовый",
    ],
    iphone: ["iPhone"],
    home: ["Home", "Home phone", "Casa", "Hogar", "Domicilio", "Particular", "Residencial", "Privat", "Zuhause", "Festnetz", "Maison", "Domicile", "Thuis", "Ev", "Rumah", "Домашний"],
    work: [
      "Work", "Work phone", "Business", "Office", "Trabajo", "Oficina", "Empresa", "Comercial", "Trabalho", "Escritório", "Büro", "Buero", "Arbeit", "Geschäftlich",
      "Dienstlich", "Firma", "Travail", "Bureau", "Professionnel", "Lavoro", "Ufficio", "Werk", "Kantoor", "İş", "Kantor", "Рабочий",
    ],
    main: ["Main", "Principal", "Haupt", "Hauptnummer", "Principale", "Primary", "Pref"],
    fax: ["Fax", "Telefax", "Other fax", "Fax otro"],
    "home-fax": ["Home fax", "Fax casa", "Fax particular", "Fax privat", "Fax domicile"],
    "work-fax": ["Work fax", "Business fax", "Fax trabajo", "Fax oficina", "Fax trabalho", "Fax Büro", "Fax geschäftlich", "Fax bureau", "Fax lavoro", "Fax werk"],
    pager: ["Pager", "Beeper", "Buscapersonas", "Localizador", "Bip", "Piepser", "Cercapersone"],
    voice: ["Voice", "Phone", "Telephone", "Tel", "Teléfono", "Telefon", "Other", "Otro", "Outro", "Andere", "Sonstige", "Autre", "Altro", "Anders", "Diğer", "Lainnya"],
  };
  const placeLabels: Record<string, string[]> = {
    home: ["Home", "Personal", "Private", "Casa", "Hogar", "Domicilio", "Particular", "Pessoal", "Privat", "Zuhause", "Maison", "Domicile", "Personnel", "Thuis", "Privé", "Ev", "Rumah", "Pribadi"],
    work: [
      "Work", "Business", "Office", "Trabajo", "Oficina", "Empresa", "Trabalho", "Comercial", "Arbeit", "Büro", "Geschäftlich", "Dienstlich", "Travail", "Bureau",
      "Professionnel", "Lavoro", "Ufficio", "Werk", "Zakelijk", "İş", "Kantor",
    ],
    other: ["Other", "Otro", "Outro", "Andere", "Sonstige", "Autre", "Altro", "Anders", "Diğer", "Lainnya"],
  };

  it.each(Object.entries(phoneLabels).flatMap(([kind, labels]) => labels.map((label) => [label, kind] as const)))("phone label %j is %s", (label, kind) => {
    expect(phoneTypeOf(label)).toEqual({ kind, custom: null });
  });

  it.each(Object.entries(placeLabels).flatMap(([kind, labels]) => labels.map((label) => [label, kind] as const)))("email/address label %j is %s", (label, kind) => {
    expect(placeTypeOf(label)).toEqual({ kind, custom: null });
  });

  it("does not read a phone-only word as a place, or a place-only word as a phone", () => {
    expect(placeTypeOf("Mobile")).toEqual({ kind: null, custom: "Mobile" });
    expect(phoneTypeOf("Zakelijk")).toEqual({ kind: "voice", custom: "Zakelijk" });
    expect(phoneTypeOf("Personal")).toEqual({ kind: "voice", custom: "Personal" });
  });
});
