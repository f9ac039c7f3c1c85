import { bookAndCancel } from "./book-and-cancel.ts";

// PIERAKSTS_URL=http://localhost:3000 PIERAKSTS_API_KEY=pk_… pnpm start
const baseUrl = process.env.PIERAKSTS_URL ?? "http://localhost:3000";
const apiKey = process.env.PIERAKSTS_API_KEY;
if (!apiKey) {
  console.error("Set PIERAKSTS_API_KEY to a key with the bookings:write scope.");
  process.exit(2);
}
const today = new Date();
const inDays = (days: number) =>
  new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const result = await bookAndCancel({
  baseUrl,
  apiKey,
  servicePoint: process.env.SERVICE_POINT ?? "lacplesa-39",
  service: process.env.SERVICE ?? "consultation",
  from: inDays(1),
  to: inDays(14),
  client: { name: "Jānis Bērziņš", phone: "+37120000001" },
});
console.log(JSON.stringify(result));
