import { Link } from "react-router";
import { PageHeading } from "../../../components/page.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { paths } from "../../../lib/paths.ts";
import { useOrganisations } from "../../../lib/queries.ts";

/** Step 1a: which municipality. The first page, so it stays small. */
export function OrganisationsPage() {
  const { t, lang } = useI18n();
  const query = useOrganisations();
  return (
    <>
      <PageHeading title={t("chooseOrganisation")}>{t("chooseOrganisation")}</PageHeading>
      <QueryState query={query}>
        {(organisations) => (
          <ul className="card-list">
            {organisations.map((organisation) => (
              <li key={organisation.slug} className="card">
                <h2>
                  <Link to={paths.organisation(lang, organisation.slug)}>{organisation.name}</Link>
                </h2>
                {organisation.address && <p>{organisation.address}</p>}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
