import type { StaffWaitlistEntry } from "@pieraksts/contracts";
import { useState } from "react";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { Outcome } from "../components.tsx";
import { readablePhone } from "../phone-format.ts";
import { useStaffMutation, useWaitlist } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";

/**
 * The day's waiting lists at the point (decision 026): per service in line order, with
 * the place held for an entry now; staff may remove an entry (audited by the API).
 */
export function WaitlistSection({ point, date }: { point: string; date: string }) {
  const t = useStaffT();
  const { time, dateRange } = useI18n();
  const list = useWaitlist(point, date);
  const remove = useStaffMutation<StaffWaitlistEntry, null>(
    "DELETE",
    (entry) => `/waitlist/${entry.reference}`,
    ["waitlist"],
  );
  const [outcome, setOutcome] = useState<{ message: string | null; error?: unknown }>({
    message: null,
  });
  const entries = list.data?.entries ?? [];
  return (
    <section aria-labelledby="waitlist-heading" className="waitlist-section">
      <h2 id="waitlist-heading">{t("waitlistHeading")}</h2>
      <Outcome ok={outcome.message} error={outcome.error ?? list.error} />
      {list.isPending ? (
        <p className="loading">…</p>
      ) : entries.length === 0 ? (
        <p>{t("waitlistNone")}</p>
      ) : (
        <div className="table-scroll">
          <table className="day-list">
            <thead>
              <tr>
                <th scope="col">{t("service")}</th>
                <th scope="col">{t("waitlistPosition")}</th>
                <th scope="col">{t("client")}</th>
                <th scope="col">{t("phone")}</th>
                <th scope="col">{t("waitlistDates")}</th>
                <th scope="col">{t("waitlistOffer")}</th>
                <th scope="col" className="no-print">
                  {t("actions")}
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.reference}>
                  <td>{entry.serviceName}</td>
                  <td>{entry.position}</td>
                  <td>{entry.client.name}</td>
                  <td>{readablePhone(entry.client.phone)}</td>
                  <td>{dateRange(entry.from, entry.to)}</td>
                  <td>
                    {entry.offer
                      ? t("waitlistOfferUntil", {
                          time: time(entry.offer.start),
                          until: time(entry.offer.expiresAt),
                        })
                      : t("waitlistNoOffer")}
                  </td>
                  <td className="no-print">
                    <button
                      type="button"
                      className="danger"
                      aria-label={t("waitlistRemoveOf", { name: entry.client.name })}
                      disabled={remove.isPending}
                      onClick={() =>
                        remove.mutate(entry, {
                          onSuccess: () =>
                            setOutcome({
                              message: t("waitlistRemoved", { name: entry.client.name }),
                            }),
                          onError: (error) => setOutcome({ message: null, error }),
                        })
                      }
                    >
                      {t("waitlistRemove")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
