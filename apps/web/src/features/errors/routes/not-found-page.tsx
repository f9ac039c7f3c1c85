import { Link } from "react-router";
import { PageHeading } from "../../../components/page.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { paths } from "../../../lib/paths.ts";

export function NotFoundPage() {
  const { t, lang } = useI18n();
  return (
    <>
      <PageHeading title={t("notFoundTitle")}>{t("notFoundTitle")}</PageHeading>
      <p>{t("notFoundText")}</p>
      <p>
        <Link to={paths.home(lang)}>{t("goHome")}</Link>
      </p>
    </>
  );
}
