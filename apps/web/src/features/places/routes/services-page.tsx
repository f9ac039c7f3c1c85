import { Link, useParams } from "react-router";
import { PageHeading } from "../../../components/page.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { paths } from "../../../lib/paths.ts";
import { useServicePoints, useServices } from "../../../lib/queries.ts";
import { Phones } from "../components/phones.tsx";

/** Step 2: which service, with what to bring and the ways that can spare a visit. */
export default function ServicesPage() {
  const { org = "", point = "" } = useParams();
  const { t, lang } = useI18n();
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
      <div className="point-summary">
        {current && (
          <>
            <p>{current.address}</p>
            <Phones phones={current.phones} />
          </>
        )}
      </div>
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
