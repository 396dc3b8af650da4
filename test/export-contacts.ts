import type { ContactItem } from "@/lib/contacts/contact-item";

/** A contact with every field the exports write, shared by the renderer tests. */
export const fullContact: ContactItem = {
  id: 42,
  messageId: "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUI=",
  position: 0,
  sentAt: "2024-05-01T10:20:30.000Z",
  receivedAt: "2024-05-01T10:20:31.512Z",
  name: { formatted: "Dr. Tomás Núñez-García Jr.", first: "Tomás", middle: null, last: "Núñez-García", prefix: "Dr.", suffix: "Jr." },
  phones: [
    { phone: "+34 612 34 56 78", waId: "34612345678", type: "CELL", e164: "+34612345678" },
    { phone: "910 00 00 00", waId: null, type: "Trabajo", e164: "+34910000000" },
  ],
  emails: [
    { email: "tomas@clinicasol.es", type: "WORK" },
    { email: "tomas@example.com", type: "HOME" },
  ],
  addresses: [
    { street: "Calle de Alcalá 1", city: "Madrid", state: "Madrid", zip: "28014", country: "Spain", countryCode: "ES", type: "WORK" },
    { street: null, city: "Sevilla", state: null, zip: null, country: null, countryCode: "ES", type: "HOME" },
  ],
  org: { company: "Clínica Sol", department: "Pediatrics", title: "Head of Department" },
  urls: [{ url: "https://clinicasol.es/equipo/tomas", type: "WORK" }],
  birthday: "1984-03-09",
  sender: { waId: "34600111222", profileName: "Ana López", userId: null },
  business: { displayPhoneNumber: "15550100100", phoneNumberId: "106540352242922", wabaId: "102290129340398" },
  refs: { ref: "spring-promo", ref1: "madrid", ref2: "flyer-7" },
  replyTo: "wamid.reply",
  contextId: null,
  traceId: "trace-1",
  mediaUrl: null,
};
