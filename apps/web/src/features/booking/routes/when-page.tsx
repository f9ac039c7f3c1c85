import { useEffect, useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { errorMessageKey } from "../../../components/error-message.ts";
import { PageHeading } from "../../../components/page.tsx";
import { SlotPicker } from "../../../components/slot-picker.tsx";
import { bookableDate } from "../../../lib/bookable-date.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { MessageKey } from "../../../lib/i18n/messages-lv.ts";
import { paths } from "../../../lib/paths.ts";
import { useServices } from "../../../lib/queries.ts";
import { todayInRiga } from "../../../lib/riga-time.ts";
import { useReleaseHeldTime, useTakeHold } from "../api/hold.ts";

function addDays(date: string, days: number): string {
  const at = new Date(`${date}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Step 3: a day in the month, then a time. The chosen day lives in the address. */
export default function WhenPage() {
  const { org = "", point = "", service = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const { t, lang } = useI18n();
  const services = useServices(point);
  const takeHold = useTakeHold();
  const [refused, setRefused] = useState<MessageKey | null>(null);
  useReleaseHeldTime();
  const current = services.data?.find((s) => s.slug === service);
  const given = search.get("date");
  const date = bookableDate(given, todayInRiga(), current?.maxAdvanceDays);
  const unbookable = given !== null && date === undefined;
  useEffect(() => {
    // A deep link to a day out of reach: drop it from the address, show this month.
    if (unbookable) setSearch({}, { replace: true });
  }, [unbookable, setSearch]);
  const notice = refused ?? (location.state as { notice?: MessageKey } | null)?.notice;
  const title = current ? `${t("stepWhen")}: ${current.name}` : t("stepWhen");
  // A seasonal service out of season: the calendar says when it opens.
  const today = todayInRiga();
  const seasons = current?.seasons ?? [];
  const inSeason = seasons.some((season) => season.from <= today && today <= season.to);
  const firstDay = inSeason ? undefined : seasons.find((season) => season.from > today)?.from;
  // Bookable from maxAdvanceDays before its first day; until then the calendar says when.
  const bookingFrom = firstDay && current ? addDays(firstDay, -current.maxAdvanceDays) : undefined;
  const opening = firstDay
    ? { date: firstDay, ...(bookingFrom && bookingFrom > today ? { bookingFrom } : {}) }
    : undefined;
  return (
    <>
      <p>
        <Link to={paths.point(lang, org, point)}>{t("back")}</Link>
      </p>
      <PageHeading title={title} reserveLines={3}>
        {title}
      </PageHeading>
      {notice && (
        <div role="alert" className="notice notice-error">
          <p>{t(notice)}</p>
        </div>
      )}
      <SlotPicker
        // Its month is chosen when it mounts: start afresh when the given day is refused.
        key={unbookable ? "refused" : "given"}
        servicePoint={point}
        service={service}
        selectedDate={date}
        onSelectDate={(next) => setSearch({ date: next }, { replace: true })}
        onSelectTime={(slot) => {
          if (takeHold.isPending) return;
          setRefused(null);
          // Choosing a time keeps it while the form is filled (decision 022).
          takeHold.mutate(
            { servicePoint: point, service, start: slot.start },
            {
              onSuccess: () => navigate(paths.who(lang, org, point, service, slot.start)),
              onError: (error) =>
                setRefused(
                  errorMessageKey(error) === "errorTooManyBookings"
                    ? "holdTooMany"
                    : errorMessageKey(error),
                ),
            },
          );
        }}
        opening={opening}
      />
      {/* Nothing free, or nothing that suits: wait for a place (decision 026). */}
      <p className="waitlist-offer">
        <Link to={`${paths.joinWaitlist(lang, org, point, service)}${date ? `?date=${date}` : ""}`}>
          {t("waitlistJoinLink")}
        </Link>
      </p>
    </>
  );
}
