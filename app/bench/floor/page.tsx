import { notFound } from "next/navigation";
import { getStore } from "@/app/_server/store";
import { ContactCardList } from "@/components/contact-card-list";
import { ContactListHandlers } from "@/components/contact-list-handlers";
import { toContactCardView } from "@/lib/contacts/contact-card-view";
import { toContactItem } from "@/lib/contacts/contact-item";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * The benchmark's card floor: 50 of the app's own contact cards (the inbox's ContactCardList) from one query and nothing else
 * (no sign-in check, filters, counts or live updates). Against /bench/floor/minimal (plain cards) it
 * shows what ContactCard costs; against the inbox, what the page around the cards costs.
 * Exists only when BENCH_FLOOR=1.
 */
export default async function BenchFloorPage() {
  if (!env.BENCH_FLOOR) notFound();
  const rows = await (await getStore()).listContacts({ sort: "newest", page: 1, pageSize: 50 });
  return (
    <main className="mx-auto max-w-7xl px-4 py-6">
      <ContactCardList views={rows.map(toContactItem).map((item) => toContactCardView(item, (value) => `/?campaign=${encodeURIComponent(value)}`))} />
      <ContactListHandlers />
    </main>
  );
}
