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
