import { Link, useParams } from "react-router";
import { PageHeading } from "../../../components/page.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { paths } from "../../../lib/paths.ts";
import { useServicePoints, useServices } from "../../../lib/queries.ts";
import { PointContact } from "../components/point-contact.tsx";

const weekdayKeys = [
  "weekday1",
  "weekday2",
  "weekday3",
  "weekday4",
  "weekday5",
  "weekday6",
  "weekday7",
] as const;

/** Inside a sentence Latvian and Russian write weekdays in lower case; English does not. */
const weekdayName = (name: string, lang: string) =>
  lang === "en" ? name : name.toLocaleLowerCase(lang);

/** Step 2: which service, with what to bring and the ways that can spare a visit. */
export default function ServicesPage() {
  const { org = "", point = "" } = useParams();
  const { t, lang, dateRange } = useI18n();
  const points = useServicePoints(org);
  const query = useServices(point);
  const current = points.data?.find((p) => p.slug === point);
  return (
    <>
      <p>
        <Link to={paths.organisation(lang, org)}>{t("back")}</Link>
      </p>
      <PageHeading title={current?.name ?? t("chooseService")} reserveLines={3}>
        {current?.name ?? t("chooseService")}
      </PageHeading>
      {/* Room is kept for the address and phones, so the list below does not jump. */}
      <div className="point-summary">{current && <PointContact point={current} />}</div>
      <h2>{t("chooseService")}</h2>
      <QueryState query={query}>
        {(services) => (
          <ul className="card-list">
            {services.map((service) => (
              <li key={service.slug} className="card">
                <h3>{service.name}</h3>
                {service.description && <p>{service.description}</p>}
                <p className="meta">
                  {t("duration", { minutes: service.durationMinutes })}
                  {service.dailyLimit !== null &&
                    ` · ${t("dailyLimit", { count: service.dailyLimit })}`}
                </p>
                {service.eligibility.length > 0 && (
                  <>
                    <h4>{t("whoCanGet")}</h4>
                    <ul>
                      {service.eligibility.map((category) => (
                        <li key={category.key}>{category.label}</li>
                      ))}
                    </ul>
                    <p className="hint">{t("eligibilityHint")}</p>
                  </>
                )}
                {service.seasons.length > 0 && (
                  <>
                    <h4>
                      {t("seasonDates")}:{" "}
                      {dateRange(service.seasons[0]?.from ?? "", service.seasons.at(-1)?.to ?? "")}
                    </h4>
                    <ul>
                      {service.seasons.map((season) => (
                        <li key={season.from}>
                          {dateRange(season.from, season.to)}
                          {season.from !== season.to &&
                            `: ${season.weekdays
                              .map((day) =>
                                weekdayName(t(weekdayKeys[day - 1] ?? "weekday1"), lang),
                              )
                              .join(", ")}`}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                {service.requirements.length > 0 && (
                  <>
                    <h4>{t("whatToBring")}</h4>
                    <ul>
                      {service.requirements.map((requirement) => (
                        <li key={requirement}>{requirement}</li>
                      ))}
                    </ul>
                  </>
                )}
                {service.remoteAlternatives.length > 0 && (
                  <details>
                    <summary>{t("remoteAlternatives")}</summary>
                    <p>{t("remoteAlternativesIntro")}</p>
                    <ul>
                      {service.remoteAlternatives.map((alternative) => (
                        <li key={alternative.title}>
                          <strong>{alternative.title}</strong>:{" "}
                          {alternative.url ? (
                            <a href={alternative.url}>{alternative.detail}</a>
                          ) : (
                            alternative.detail
                          )}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
                <p>
                  <Link className="button" to={paths.when(lang, org, point, service.slug)}>
                    {t("bookThis")}: {service.name}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
