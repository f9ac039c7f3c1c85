import { useEffect } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { PageHeading } from "../../../components/page.tsx";
import { SlotPicker } from "../../../components/slot-picker.tsx";
import { bookableDate } from "../../../lib/bookable-date.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { MessageKey } from "../../../lib/i18n/messages-lv.ts";
import { paths } from "../../../lib/paths.ts";
import { useServices } from "../../../lib/queries.ts";
import { todayInRiga } from "../../../lib/riga-time.ts";

/** Step 3: a day in the month, then a time. The chosen day lives in the address. */
export default function WhenPage() {
  const { org = "", point = "", service = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const { t, lang } = useI18n();
  const services = useServices(point);
  const current = services.data?.find((s) => s.slug === service);
  const given = search.get("date");
  const date = bookableDate(given, todayInRiga(), current?.maxAdvanceDays);
  const unbookable = given !== null && date === undefined;
  useEffect(() => {
    // A deep link to a day out of reach: drop it from the address, show this month.
    if (unbookable) setSearch({}, { replace: true });
  }, [unbookable, setSearch]);
  const notice = (location.state as { notice?: MessageKey } | null)?.notice;
  const title = current ? `${t("stepWhen")}: ${current.name}` : t("stepWhen");
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
        onSelectTime={(slot) => navigate(paths.who(lang, org, point, service, slot.start))}
      />
    </>
  );
}
