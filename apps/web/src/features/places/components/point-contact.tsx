import type { ServicePoint } from "@pieraksts/contracts";
import { Phones } from "../../../components/phones.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/**
 * A point's address and phones. Values the service has not published (the seed's
 * stand-ins) are said to be unpublished, not presented as the service's own.
 */
export function PointContact({ point }: { point: ServicePoint }) {
  const { t } = useI18n();
  const unpublished = new Set(point.placeholders);
  return (
    <>
      <p>
        {point.address}
        {unpublished.has("address") && (
          <>
            {" "}
            <span className="hint">({t("addressNotPublished")})</span>
          </>
        )}
      </p>
      <Phones phones={point.phones} />
      {unpublished.has("phones") && point.phones.length === 0 && (
        <p className="hint">{t("phonesNotPublished")}</p>
      )}
    </>
  );
}
