/**
 * Deterministic, realistic contact-message callbacks for the benchmark: names in several scripts,
 * 1–3 phones, 20 campaigns spread over ref/ref1/ref2, 50 senders, 5 business numbers, a year of
 * timestamps. The same index always gives the same callback.
 */

const firstNames = ["Priya", "Rahul", "Ana", "Tomás", "Lucía", "Maya", "Kwame", "Zoë", "Sven", "Olga", "Mohammed", "Fatima", "Yuki", "Hiroshi", "Wei", "Li", "Elena", "Nikos", "Chloé", "Omar", "Aisha", "João", "Carlos", "Ingrid", "Ravi", "Sunita", "Ahmed", "Noor", "David", "Sarah"];
const lastNames = ["Sharma", "Patel", "Núñez", "García", "Okafor", "Mensah", "Müller", "Eriksson", "Ivanova", "Khan", "Tanaka", "Sato", "Wang", "Chen", "Papadopoulos", "Dubois", "Haddad", "Silva", "Santos", "Larsen", "Iyer", "Reddy", "Hassan", "Cohen", "Levi", "Smith", "Brown", "Kowalski", "Novak", "Rossi"];
const cjkNames = ["王小明", "李娜", "张伟", "刘洋", "陈静", "杨帆", "佐藤花子", "鈴木一郎", "김민준", "이서연"];
const arabicNames = ["محمد العلي", "فاطمة الزهراء", "أحمد حسن", "نور الهدى"];
const hebrewNames = ["שרה כהן", "דוד לוי", "נועה מזרחי"];
const companies = ["Acme Retail", "Clínica Sol", "深圳科技有限公司", "Accra Logistics", "Pizza Napoli", "Nordic Design AB", "Mumbai Motors", "Café Central", null, null, null];
const phoneTypes = ["MOBILE", "CELL", "HOME", "WORK", "MAIN", "IPHONE"];
const countryCodes = ["91", "44", "34", "1", "49", "86", "971", "55", "233", "30"];

export const campaigns = Array.from({ length: 20 }, (_, i) => `campaign-${String(i + 1).padStart(2, "0")}`);
export const senders = Array.from({ length: 50 }, (_, i) => ({
  waId: `9198${String(10_000_000 + i * 7919).slice(-8)}`,
  name: `${firstNames[i % firstNames.length]} ${lastNames[(i * 7) % lastNames.length]}`,
}));
export const businesses = Array.from({ length: 5 }, (_, i) => ({ display: `9180${String(40_000_000 + i * 1117).slice(-8)}`, id: `1046${String(i).padStart(11, "0")}`, waba: `3470000000${i}` }));

/** A small seedable PRNG (mulberry32): the data set must not change between runs. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

const yearMs = 365 * 24 * 3600_000;
export const datasetEnd = Date.parse("2026-11-01T00:00:00Z");

/** Callback number `index` of the data set, as the JSON text Kaleyra would send. */
export function benchCallback(index: number, options: { messageId?: string } = {}): string {
  const next = random(index * 2654435761);
  const sender = senders[index % senders.length]!;
  const business = businesses[index % businesses.length]!;
  const timestamp = Math.floor((datasetEnd - yearMs + ((index * 7_919_000) % yearMs) + next() * 1000) / 1000);
  const card = contactCard(next, index);
  const campaign = (offset: number) => (next() < 0.8 ? campaigns[(index + offset * 7) % campaigns.length]! : "");
  return JSON.stringify({
    meta_object: {
      value: {
        messaging_product: "whatsapp",
        metadata: { display_phone_number: business.display, phone_number_id: business.id },
        contacts: [{ profile: { name: sender.name }, wa_id: sender.waId }],
        messages: [{ from: sender.waId, id: options.messageId ?? benchMessageId(index), timestamp: String(timestamp), type: "contacts", contacts: [card] }],
      },
      field: "messages",
    },
    extra_info: {
      media_url: "",
      ref: campaign(0),
      ref1: campaign(1),
      ref2: campaign(2),
      reply_to: `${index.toString(16).padStart(8, "0")}-4ec5-4a1b-abee-03c4d5e6f785`,
      trace_id: `cb94fee2-3e70-4b7c-944a-${index.toString(16).padStart(12, "0")}`,
      waba_id: business.waba,
    },
  });
}

export function benchMessageId(index: number): string {
  return `wamid.BENCH${index.toString(36).toUpperCase().padStart(10, "0")}`;
}

function contactCard(next: () => number, index: number) {
  const script = next();
  let name: Record<string, string>;
  if (script < 0.12) {
    const formatted = pick(next, cjkNames);
    name = { formatted_name: formatted, first_name: formatted.slice(1), last_name: formatted.slice(0, 1) };
  } else if (script < 0.18) {
    name = { formatted_name: pick(next, arabicNames) };
  } else if (script < 0.21) {
    name = { formatted_name: pick(next, hebrewNames) };
  } else {
    const first = pick(next, firstNames);
    const last = pick(next, lastNames);
    name = { formatted_name: `${first} ${last}`, first_name: first, last_name: last };
  }
  const phoneCount = 1 + Math.floor(next() * 3);
  const phones = Array.from({ length: phoneCount }, (_, i) => {
    const country = pick(next, countryCodes);
    const local = `${7 + (i % 3)}${String(Math.floor(next() * 1e9)).padStart(9, "0")}`;
    return { phone: `+${country} ${local.slice(0, 5)} ${local.slice(5)}`, ...(i === 0 ? { wa_id: `${country}${local}` } : {}), type: pick(next, phoneTypes) };
  });
  const company = pick(next, companies);
  return {
    name,
    phones,
    ...(next() < 0.4 ? { emails: [{ email: `user${index}@example.com`, type: "WORK" }] } : {}),
    ...(company ? { org: { company, ...(next() < 0.5 ? { title: "Manager" } : {}) } } : {}),
    ...(next() < 0.1 ? { addresses: [{ street: `${index % 200} Main Street`, city: "Pune", country: "India", country_code: "IN", type: "HOME" }] } : {}),
  };
}
