import type { ServicePoint } from "@pieraksts/contracts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

export function Phones({ phones }: { phones: ServicePoint["phones"] }) {
  const { t } = useI18n();
  if (phones.length === 0) return null;
  return (
    <p>
      {t("phones")}:{" "}
      {phones.map((phone, index) => (
        <span key={phone.tel}>
          {index > 0 && ", "}
          <a href={`tel:${phone.tel}`}>{phone.display}</a>
          {phone.label && ` (${phone.label})`}
        </span>
      ))}
    </p>
  );
}
