import { expect, expectHydrated, kaleyraContactsCallback, kaleyraTextCallback, test, withoutMessageIds } from "./fixtures";

test("a rejected callback is listed with its reason, and re-processing says it is still rejected", async ({ page, inbox, unique, postRejectedCallback }) => {
  const refused = await postRejectedCallback(
    withoutMessageIds(
      kaleyraContactsCallback({
        messageId: unique.messageId("no-id"),
        extraInfo: { trace_id: `trace-${unique.tag}` },
        cards: [{ name: { formatted_name: `Nameless ${unique.surname}` } }],
      }),
    ),
  );
  expect(refused.issues.map((issue) => issue.path)).toEqual(["meta_object.value.messages[0].id"]);

  // The inbox warns about it and leads to the rejected deliveries.
  await inbox.goto();
  const warning = page.getByRole("link", { name: /^\d+ rejected callbacks? in 24 h$/ });
  await expect(warning).toHaveAttribute("href", "/deliveries?outcome=rejected");
  await warning.click();
  await expect(page).toHaveURL(/\/deliveries\?outcome=rejected$/);
  await expect(page.getByRole("navigation", { name: "Outcome" }).getByRole("link", { name: "rejected" })).toHaveAttribute("aria-current", "page");

  // The log keeps the body verbatim: that is how an agent tells this delivery from the others.
  const row = page.getByRole("list", { name: "Callbacks" }).getByRole("listitem", { name: /^Callback \d+$/ }).filter({ hasText: `trace-${unique.tag}` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("rejected");
  await expect(row).toContainText("HTTP 400");
  await expect(row).not.toContainText("shares");
  await expect(row).toContainText(`${refused.error}: meta_object.value.messages[0].id`);
  await row.getByText("Raw body").click();
  await expect(row).toContainText(`Nameless ${unique.surname}`);

  const reprocess = row.getByRole("button", { name: "Re-process" });
  await expectHydrated(reprocess);
  await reprocess.click();
  await expect(row.getByRole("status")).toHaveText(/^Still rejected: .*meta_object\.value\.messages\[0\]\.id/);
});

test("re-processing an ignored callback logs it again and stores nothing", async ({ page, inbox, unique, postCallback }) => {
  const accepted = await postCallback(kaleyraTextCallback({ messageId: unique.messageId("text"), text: `Hello from ${unique.surname}` }));
  expect(accepted).toMatchObject({ outcome: "ignored", sharesStored: 0, ignored: ['message of type "text"'] });

  await page.goto("/deliveries?outcome=ignored");
  const callbacks = page.getByRole("list", { name: "Callbacks" });
  const original = callbacks.getByRole("listitem", { name: `Callback ${accepted.callbackId}`, exact: true });
  await expect(original).toContainText("ignored");
  await expect(original).toContainText('ignored: message of type "text"');

  // Twice: each run is logged as a new entry pointing back at the original, and stores nothing.
  const reprocess = original.getByRole("button", { name: "Re-process" });
  const status = original.getByRole("status");
  const loggedAs = async () => Number(/^Nothing to store \(ignored\) — logged as #(\d+)$/.exec((await status.textContent()) ?? "")?.[1] ?? 0);
  await expectHydrated(reprocess);
  let previous = accepted.callbackId;
  for (let attempt = 0; attempt < 2; attempt++) {
    await reprocess.click();
    // The previous run's result stays until this one answers: wait for a newer log entry.
    await expect.poll(loggedAs).toBeGreaterThan(previous);
    previous = await loggedAs();
    await expect(callbacks.getByRole("listitem", { name: `Callback ${previous}`, exact: true })).toContainText(`re-processed from #${accepted.callbackId}`);
  }

  await inbox.goto({ q: unique.surname });
  await expect(page.getByRole("heading", { name: "No contacts match these filters" })).toBeVisible();
});

test("stored and redelivered callbacks are logged, without a Re-process button", async ({ page, unique, postCallback }) => {
  const body = kaleyraContactsCallback({ messageId: unique.messageId("twice"), cards: [{ name: { formatted_name: `Twice ${unique.surname}` } }] });
  const first = await postCallback(body);
  const again = await postCallback(body);
  expect(first).toMatchObject({ outcome: "stored", sharesStored: 1 });
  expect(again).toMatchObject({ outcome: "duplicate", sharesStored: 0, sharesAlreadyStored: 1 });

  // `before` pages the log by id, so the two rows are on the page whatever other tests post.
  await page.goto(`/deliveries?before=${again.callbackId + 1}`);
  const callbacks = page.getByRole("list", { name: "Callbacks" });
  const stored = callbacks.getByRole("listitem", { name: `Callback ${first.callbackId}`, exact: true });
  const duplicate = callbacks.getByRole("listitem", { name: `Callback ${again.callbackId}`, exact: true });
  await expect(stored).toContainText("stored");
  await expect(stored).toContainText("Kaleyra envelope");
  await expect(stored).toContainText("1 share stored");
  await expect(duplicate).toContainText("duplicate");
  await expect(duplicate).toContainText("1 already stored (redelivery)");
  await expect(stored.getByRole("button", { name: "Re-process" })).toHaveCount(0);
  await expect(duplicate.getByRole("button", { name: "Re-process" })).toHaveCount(0);
});
