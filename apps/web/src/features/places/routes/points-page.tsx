import { Link, useParams } from "react-router";
import { PageHeading } from "../../../components/page.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { paths } from "../../../lib/paths.ts";
import { useServicePoints } from "../../../lib/queries.ts";
import { OpeningHours } from "../components/opening-hours.tsx";
import { PointContact } from "../components/point-contact.tsx";

/** Step 1b: which service point, with address, phones, hours and whom it serves. */
export default function PointsPage() {
  const { org = "" } = useParams();
  const { t, lang } = useI18n();
  const query = useServicePoints(org);
  return (
    <>
      <p>
        <Link to={paths.home(lang)}>{t("back")}</Link>
      </p>
      <PageHeading title={t("choosePoint")}>{t("choosePoint")}</PageHeading>
      <QueryState query={query}>
        {(points) => (
          <ul className="card-list">
            {points.map((point) => (
              <li key={point.slug} className="card">
                <h2>
                  <Link to={paths.point(lang, org, point.slug)}>{point.name}</Link>
                </h2>
                <PointContact point={point} />
                {point.description && <p>{point.description}</p>}
                <OpeningHours
                  hours={point.openingHours}
                  published={!point.placeholders.includes("hours")}
                />
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
