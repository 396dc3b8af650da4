import { notFound } from "next/navigation";
import { getStore } from "@/app/_server/store";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * The benchmark's true floor for pages: the least a page of this build can do to show 50 contacts.
 * One query, then 50 plain cards (name, phones, sender, campaign, time) as server-rendered HTML:
 * no shared card component, no client component, no formatting, no filters, counts or live updates.
 * /bench/floor renders the app's own ContactCard instead, so the two floors together say what the
 * cards cost and what the page around them costs. Exists only when BENCH_FLOOR=1.
 */
export default async function BenchMinimalFloorPage() {
  if (!env.BENCH_FLOOR) notFound();
  const rows = await (await getStore()).listContacts({ sort: "newest", page: 1, pageSize: 50 });
  return (
    <main>
      {rows.map((row) => (
        <article key={row.id}>
          <h3>{row.formattedName ?? [row.firstName, row.lastName].filter(Boolean).join(" ")}</h3>
          <ul>
            {row.phones.map((phone, index) => (
              <li key={index}>{phone.phone ?? phone.e164}</li>
            ))}
          </ul>
          <p>
            {row.senderProfileName} {row.senderWaId} · {[row.ref, row.ref1, row.ref2].filter(Boolean).join(", ")} ·{" "}
            <time dateTime={(row.sentAt ?? row.receivedAt).toISOString()}>{(row.sentAt ?? row.receivedAt).toISOString()}</time>
          </p>
        </article>
      ))}
    </main>
  );
}
