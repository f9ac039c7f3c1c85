import type { Service, WaitlistEntry } from "@pieraksts/contracts";
import { useEffect, useRef, useState } from "react";
import { useLocation, useNavigate, useParams } from "react-router";
import { errorMessageKey } from "../../../components/error-message.ts";
import { PageHeading } from "../../../components/page.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { keepHeldTime } from "../../../lib/held-time.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { MessageKey } from "../../../lib/i18n/messages-lv.ts";
import { paths } from "../../../lib/paths.ts";
import { useServices } from "../../../lib/queries.ts";
import { useConfirmOffer, useLeaveWaitlist, useWaitlistEntry } from "../api/waitlist.ts";

/** The token travels in the address's fragment, which browsers never send to a server. */
function tokenFromHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? undefined;
}

/** Minutes and seconds left until `until`, ticking; null once it has passed. */
function useTimeLeft(until: string | undefined): string | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  if (!until) return null;
  const left = Date.parse(until) - now;
  if (left <= 0) return null;
  const seconds = Math.ceil(left / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function needsItsForm(service: Service | undefined): boolean {
  return Boolean(
    service &&
      (service.questions.some((question) => question.required) || service.eligibility.length > 0),
  );
}

function Offer({ entry }: { entry: WaitlistEntry }) {
  const { t, lang, longDate, time } = useI18n();
  const navigate = useNavigate();
  const confirm = useConfirmOffer(entry);
  const [error, setError] = useState<MessageKey | null>(null);
  const offer = entry.offer;
  const left = useTimeLeft(offer?.expiresAt);
  // A service that asks questions or who may come is confirmed through its form, which the
  // offer's hold keeps the time for; the others in one tap with the entry's details. Which
  // of the two is known only once the services have loaded: no button before that (a tap
  // on the one-tap button of a service that needs its form could only be refused).
  const services = useServices(entry.servicePoint);
  if (!offer) return null;
  return (
    <section aria-labelledby="offer-heading" className="notice">
      <h2 id="offer-heading">{t("waitlistOfferTitle")}</h2>
      <dl className="summary">
        <dt>{t("when")}</dt>
        <dd>
          {longDate(offer.start)}, {time(offer.start)}–{time(offer.end)}
        </dd>
        <dt>{t("where")}</dt>
        <dd>
          {entry.location.name}, {entry.location.address}
        </dd>
      </dl>
      {left === null ? (
        <p role="alert">{t("waitlistOfferExpired")}</p>
      ) : (
        <>
          <p>
            {t("waitlistOfferKept", { time: time(offer.expiresAt) })}{" "}
            <span role="timer">{t("holdTimeLeft", { time: left })}</span>
          </p>
          {error && (
            <div role="alert" className="notice notice-error">
              <p>{t(error)}</p>
            </div>
          )}
          <QueryState query={services}>
            {(list) =>
              needsItsForm(list.find((s) => s.slug === entry.service)) ? (
                <>
                  <p>{t("waitlistAnswerFirst")}</p>
                  <button
                    type="button"
                    className="primary"
                    onClick={() => {
                      keepHeldTime({
                        servicePoint: entry.servicePoint,
                        service: entry.service,
                        start: offer.start,
                        holdToken: offer.holdToken,
                        expiresAt: offer.expiresAt,
                      });
                      navigate(
                        paths.who(
                          lang,
                          entry.organisation,
                          entry.servicePoint,
                          entry.service,
                          offer.start,
                        ),
                      );
                    }}
                  >
                    {t("waitlistFillAndConfirm")}
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="primary"
                  disabled={confirm.isPending}
                  onClick={() =>
                    confirm.mutate(undefined, {
                      onSuccess: (booking) =>
                        navigate(paths.booking(lang, booking.reference, booking.manageToken), {
                          state: { created: true },
                        }),
                      onError: (failure) => setError(errorMessageKey(failure)),
                    })
                  }
                >
                  {t("waitlistConfirm")}
                </button>
              )
            }
          </QueryState>
        </>
      )}
    </section>
  );
}

function Entry({ entry, token }: { entry: WaitlistEntry; token: string }) {
  const { t, lang, dateRange } = useI18n();
  const location = useLocation();
  const joined = Boolean((location.state as { joined?: boolean } | null)?.joined);
  const leave = useLeaveWaitlist(entry.reference, token);
  const statusRef = useRef<HTMLDivElement>(null);
  const link = `${window.location.origin}${paths.waitlist(lang, entry.reference, token)}`;
  useEffect(() => {
    if (leave.isSuccess) statusRef.current?.focus();
  }, [leave.isSuccess]);
  return (
    <>
      <p>
        <strong>{entry.serviceName}</strong>, {entry.location.name}, {entry.location.address}
      </p>
      {joined && (
        <div role="status" className="notice notice-ok">
          <p>{t("waitlistJoined", { reference: entry.reference })}</p>
        </div>
      )}
      <div ref={statusRef} tabIndex={-1}>
        {entry.status === "waiting" && (
          <p>{t("waitlistWaiting", { dates: dateRange(entry.from, entry.to) })}</p>
        )}
        {entry.status === "cancelled" && <p>{t("waitlistLeft")}</p>}
        {entry.status === "removed" && <p>{t("waitlistRemoved")}</p>}
        {entry.status === "booked" && (
          <p>{t("waitlistBooked", { reference: entry.booking ?? "" })}</p>
        )}
      </div>
      {entry.status === "waiting" && entry.offer && <Offer entry={entry} />}
      {entry.status === "waiting" && !entry.offer && <p>{t("waitlistNoOffer")}</p>}
      {entry.status === "waiting" && (
        <>
          <p>{t("waitlistKeepLink")}</p>
          <p className="waitlist-link">
            <a href={link}>{link}</a>
          </p>
          {leave.isError && (
            <div role="alert" className="notice notice-error">
              <p>{t(errorMessageKey(leave.error))}</p>
            </div>
          )}
          <button type="button" disabled={leave.isPending} onClick={() => leave.mutate()}>
            {t("waitlistLeave")}
          </button>
        </>
      )}
    </>
  );
}

/** A waiting-list entry from its link: the offer to confirm, or leaving the list. */
export default function WaitlistEntryPage() {
  const { reference = "" } = useParams();
  const location = useLocation();
  const { t } = useI18n();
  const token = tokenFromHash(location.hash);
  const entry = useWaitlistEntry(reference, token);
  const title = `${t("waitlistTitle")} ${reference}`;
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {!token ? (
        <p role="alert">{t("waitlistNotFound")}</p>
      ) : entry.isError ? (
        <p role="alert">{t(errorMessageKey(entry.error))}</p>
      ) : (
        <QueryState query={entry}>{(data) => <Entry entry={data} token={token} />}</QueryState>
      )}
    </>
  );
}
