/**
 * A realistic, deterministic set of contact-message callbacks: several campaigns, senders and
 * business numbers, multi-contact messages, cards with fields missing, non-Latin names, and both
 * envelopes. Message ids are fixed, so posting the set twice stores nothing new.
 */

type Card = Record<string, unknown>;
type Sender = { waId: string; name: string };

const businesses = [
  { display: "918045678900", id: "104601234567858", waba: "347123456789069" },
  { display: "15550783881", id: "106540352242922", waba: "102290129340398" },
  { display: "447451234567", id: "109988776655443", waba: "231234567890123" },
];

const senders: Sender[] = [
  { waId: "919812345678", name: "Priya Sharma" },
  { waId: "447700900123", name: "Maya Okafor" },
  { waId: "34612000111", name: "Lucía" },
  { waId: "8613800138000", name: "李娜" },
  { waId: "971501234567", name: "أحمد" },
  { waId: "5511987654321", name: "João 🇧🇷" },
];

const campaigns = [
  { ref: "order-4411", ref1: "shoes campaign", ref2: "summer sale" },
  { ref: "order-4412", ref1: "shoes campaign", ref2: "" },
  { ref: "lead-88", ref1: "referral programme", ref2: "diwali offers" },
  { ref: "", ref1: "", ref2: "" },
  { ref: "support-ticket-901", ref1: "", ref2: "warranty" },
];

const cards: Card[] = [
  {
    name: { formatted_name: "Dr. Tomás Núñez-García Jr.", first_name: "Tomás", last_name: "Núñez-García", prefix: "Dr.", suffix: "Jr." },
    phones: [
      { phone: "+34 612 34 56 78", wa_id: "34612345678", type: "CELL" },
      { phone: "+34 912 345 678", type: "WORK" },
    ],
    emails: [{ email: "tomas@example.es", type: "WORK" }],
    addresses: [{ street: "Calle Mayor 10", city: "Madrid", state: "Madrid", zip: "28013", country: "Spain", country_code: "ES", type: "WORK" }],
    org: { company: "Clínica Sol", department: "Pediatrics", title: "Head of Department" },
    urls: [{ url: "https://clinica-sol.example.es", type: "WORK" }],
    birthday: "1984-03-09",
  },
  { name: { formatted_name: "Rajat Lavekar", first_name: "Rajat", last_name: "Lavekar" }, phones: { phone: "+91 98765 43210", wa_id: "919876543210", type: "MOBILE" } },
  { name: { formatted_name: "王小明", first_name: "小明", last_name: "王" }, phones: [{ phone: "+86 138 0013 8000", wa_id: "8613800138000", type: "MOBILE" }], org: { company: "深圳科技有限公司" } },
  { name: { formatted_name: "محمد العلي", first_name: "محمد", last_name: "العلي" }, phones: [{ phone: "+971 50 123 4567", type: "CELL" }], addresses: [{ city: "دبي", country: "UAE", country_code: "AE", type: "HOME" }] },
  { name: { formatted_name: "שרה כהן" }, emails: [{ email: "sarah.cohen@example.co.il", type: "HOME" }] },
  { phones: [{ phone: "+44 7700 900456", wa_id: "447700900456", type: "MOBILE" }] },
  { name: { formatted_name: "Zoë 🎉 Müller", first_name: "Zoë", last_name: "Müller" }, phones: [{ phone: "+49 151 23456789", wa_id: "4915123456789", type: "IPHONE" }], emails: [{ email: "zoe@example.de" }] },
  { name: { formatted_name: "Ana", first_name: "Ana" }, phones: [{ phone: "+34 699 000 111", type: "HOME" }] },
  { name: { formatted_name: "Kwame Mensah", first_name: "Kwame", last_name: "Mensah" }, phones: [{ phone: "+233 24 123 4567", type: "WORK" }, { phone: "+233 30 276 1234", type: "MAIN" }], org: { company: "Accra Logistics", title: "Dispatcher" } },
  { name: { formatted_name: "Ελένη Παπαδοπούλου" }, phones: [{ phone: "+30 691 234 5678", wa_id: "306912345678", type: "CELL" }], birthday: "1990-07-21" },
  { name: { first_name: "Sven", last_name: "Eriksson" }, phones: [{ phone: "+46 70 123 45 67", type: "HOME" }], urls: [{ url: "https://sven.example.se" }] },
  { org: { company: "Pizza Napoli", department: "Orders" }, phones: [{ phone: "+39 081 123 4567", type: "WORK" }] },
];

export type DemoCallback = { label: string; body: unknown };

export function buildDemoCallbacks(now = Date.now()): DemoCallback[] {
  const callbacks: DemoCallback[] = [];
  for (let i = 0; i < 36; i++) {
    const sender = senders[i % senders.length]!;
    const business = businesses[i % businesses.length]!;
    const campaign = campaigns[i % campaigns.length]!;
    // Every fifth message shares two or three cards at once.
    const shared = i % 5 === 0 ? [cards[i % cards.length]!, cards[(i + 3) % cards.length]!, cards[(i + 7) % cards.length]!].slice(0, 2 + (i % 2)) : [cards[i % cards.length]!];
    const sentAt = Math.floor((now - i * 7.5 * 3600_000) / 1000);
    const messageId = `wamid.DEMO${String(i).padStart(4, "0")}`;
    const value = {
      messaging_product: "whatsapp",
      metadata: { display_phone_number: business.display, phone_number_id: business.id },
      contacts: [{ profile: { name: sender.name }, wa_id: sender.waId }],
      messages: [{ from: sender.waId, id: messageId, timestamp: String(sentAt), type: "contacts", contacts: shared }],
    };
    const body =
      i % 4 === 3
        ? { object: "whatsapp_business_account", entry: [{ id: business.waba, changes: [{ field: "messages", value }] }] }
        : {
            meta_object: { value, field: "messages" },
            extra_info: { media_url: "", ...campaign, reply_to: `demo-reply-${i}`, trace_id: `demo-trace-${i}`, waba_id: business.waba },
          };
    callbacks.push({ label: `${messageId} from ${sender.name}: ${shared.length} card(s)`, body });
  }
  callbacks.push({ label: "a text message (ignored)", body: textMessage() });
  return callbacks;
}

function textMessage() {
  return {
    meta_object: {
      value: {
        metadata: { display_phone_number: businesses[0]!.display, phone_number_id: businesses[0]!.id },
        contacts: [{ profile: { name: "Priya Sharma" }, wa_id: "919812345678" }],
        messages: [{ from: "919812345678", id: "wamid.DEMOTEXT", timestamp: "1763978400", type: "text", text: { body: "Hi! Sharing my colleague's number next." } }],
      },
      field: "messages",
    },
    extra_info: { ref: "", ref1: "", ref2: "", waba_id: businesses[0]!.waba },
  };
}
