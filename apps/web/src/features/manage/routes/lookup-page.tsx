import { PageHeading } from "../../../components/page.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { LookupForm } from "../components/lookup-form.tsx";
import { RecoverForm } from "../components/recover-form.tsx";

export default function LookupPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeading title={t("findBooking")}>{t("findBooking")}</PageHeading>
      <LookupForm />
      <RecoverForm />
    </>
  );
}
