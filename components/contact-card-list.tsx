"use client";

import type { ContactCardView } from "@/lib/contacts/contact-card-view";
import { ContactCard } from "./contact-card";

/**
 * The inbox's cards, rendered from their views: a client leaf, so the page sends each card's data
 * once (these props) rather than its whole markup a second time in the RSC payload. The cards have
 * no state; `ContactListHandlers`, once on the page, makes them interactive.
 */
export function ContactCardList({ views }: { views: ContactCardView[] }) {
  return (
    <section aria-label="Contacts" className="grid grid-cols-1 items-start gap-4 md:grid-cols-2 xl:grid-cols-3">
      {views.map((view) => (
        <ContactCard key={view.id} view={view} />
      ))}
    </section>
  );
}
