import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { pinnedWeek } from "../clock.ts";
import { bookViaApi, expect, expectAccessible, test } from "../fixtures.ts";
import { e2eAdmin } from "../staff-accounts.ts";
import { signInPage } from "../staff-session.ts";

// The refused URL is a 400 the page shows next to its field; the browser logs it.
test.use({ expectedConsoleErrors: [/status of 400 /] });

/** A tiny real HTTP receiver: answers `status`, keeps what it got (no HTTPS: the e2e server allows private http). */
async function receiver() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const state = { status: 200 };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response
        .writeHead(state.status, { "content-type": "text/plain" })
        .end(state.status === 200 ? "thanks" : "receiver down for maintenance");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    received,
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pieraksts`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test("an administrator registers a webhook, reads the delivery log, redelivers, rotates and deletes", async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const target = await receiver();
  try {
    await signInPage(page, "en", e2eAdmin);
    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await expectAccessible(page);

    // Nothing filled in: said next to each field, nothing sent.
    const register = page.getByRole("button", { name: "Register endpoint" });
    await register.click();
    const url = page.getByLabel(/^Address \(URL\) that receives the events/);
    await expect(url).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Fill in this field.")).toBeVisible();
    await expect(page.getByText("Choose at least one event.")).toBeVisible();

    // A URL the server refuses: its answer, in the page's language, next to the field.
    await url.fill("ftp://crm.example.lv/hook");
    await page.getByLabel(/A booking is made/).check();
    await register.click();
    await expect(page.getByText(/^Events cannot be sent to this address\./)).toBeVisible();
    await expect(url).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("must be https")).toBeVisible();
    await expectAccessible(page);

    // Registered: the secret is shown once, with a way to copy it; focus is on it.
    await url.fill(target.url);
    await register.click();
    const secretHeading = page.getByRole("heading", { name: `Signing secret of ${target.url}` });
    await expect(secretHeading).toBeFocused();
    const secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "Copy secret" }).click();
    await expect(page.getByText("Secret copied.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const endpoint = page.getByRole("listitem").filter({
      has: page.getByRole("heading", { name: target.url, exact: true }),
    });
    await expect(endpoint).toContainText("Events: A booking is made");
    await expect(endpoint).toContainText("Events are being sent.");

    // A booking is made: the receiver gets it, and the log shows its answer.
    const { reference } = await bookViaApi(request, {
      servicePoint: "saura-28",
      service: "consultation",
      language: "en",
      date: pinnedWeek.thursday,
      time: "11:15",
    });
    await expect.poll(() => target.received.length).toBe(1);
    expect(target.received[0]?.body).toContain(reference);
    await endpoint.getByRole("button", { name: `Delivery log: ${target.url}` }).click();
    const delivery = endpoint.getByTestId("webhook-delivery");
    await expect(delivery).toHaveCount(1);
    await expect(delivery).toContainText("A booking is made");
    await expect(delivery).toContainText("State: delivered");
    await expect(delivery.getByTestId("webhook-attempt")).toHaveText([
      /HTTP 200 · \d+ ms · answer: thanks/,
    ]);

    // The receiver fails; sent again by hand, the new attempt has its answer.
    target.state.status = 503;
    await delivery.getByRole("button", { name: /^Send again/ }).click();
    await expect(page.getByText("The delivery is being sent again now.")).toBeVisible();
    await expect(delivery.getByTestId("webhook-attempt")).toHaveCount(2);
    await expect(delivery.getByTestId("webhook-attempt").nth(1)).toContainText("HTTP 503 · ");
    await expect(delivery.getByTestId("webhook-attempt").nth(1)).toContainText(
      "answer: receiver down for maintenance",
    );
    await expect(delivery).toContainText("State: waiting to be sent");
    await expect(delivery).toContainText("next attempt");
    expect(target.received).toHaveLength(2);
    // The same delivery: the same webhook-id.
    expect(target.received[1]?.headers["webhook-id"]).toBe(
      target.received[0]?.headers["webhook-id"],
    );
    await expectAccessible(page);

    // Usable at 360 px: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
      .toBeLessThanOrEqual(0);
    await expectAccessible(page);

    // A new secret, after a question; the old one signs for 24 hours more.
    await endpoint.getByRole("button", { name: `New secret: ${target.url}` }).click();
    const question = page.getByRole("alertdialog");
    await expect(question).toContainText("The old one goes on signing for 24 hours.");
    await expect(question.getByText("The old one goes on signing", { exact: false })).toBeFocused();
    await question.getByRole("button", { name: "Yes, make a new secret" }).click();
    await expect(
      page.getByRole("heading", { name: `Signing secret of ${target.url}` }),
    ).toBeFocused();
    const shownSecret = page.getByTestId("webhook-secret");
    await expect(shownSecret).toHaveText(/^whsec_/);
    await expect(shownSecret).not.toHaveText(secret);
    await expect(
      page.getByRole("region", { name: `Signing secret of ${target.url}` }),
    ).toContainText("The old secret also signs deliveries until ");

    // Deleted, after a question: the journeys after this one send it nothing.
    await endpoint.getByRole("button", { name: `Delete: ${target.url}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Yes, delete" }).click();
    await expect(page.getByText(`The endpoint ${target.url} was deleted.`)).toBeVisible();
    await expect(page.getByRole("heading", { name: target.url, exact: true })).toHaveCount(0);
  } finally {
    await target.close();
  }
});
