import { notFound } from "next/navigation";
import { getStore } from "@/app/_server/store";
import { ContactCard } from "@/components/contact-card";
import { ContactCardHandlers } from "@/components/contact-card-handlers";
import { toContactItem } from "@/lib/contacts/contact-item";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * The benchmark's card floor: 50 of the app's own contact cards from one query and nothing else
 * (no sign-in check, filters, counts or live updates). Against /bench/floor/minimal (plain cards) it
 * shows what ContactCard costs; against the inbox, what the page around the cards costs.
 * Exists only when BENCH_FLOOR=1.
 */
export default async function BenchFloorPage() {
  if (!env.BENCH_FLOOR) notFound();
  const rows = await (await getStore()).listContacts({ sort: "newest", page: 1, pageSize: 50 });
  return (
    <main className="mx-auto grid max-w-7xl grid-cols-1 items-start gap-4 px-4 py-6 md:grid-cols-2 xl:grid-cols-3">
      {rows.map(toContactItem).map((item) => (
        <ContactCard key={item.id} item={item} campaignHref={(value) => `/?campaign=${encodeURIComponent(value)}`} />
      ))}
      <ContactCardHandlers />
    </main>
  );
}
