import type { Phone } from "@pieraksts/contracts";
import { useI18n } from "../lib/i18n/i18n.tsx";

/**
 * A point's phones, one a line, each with what it is for after a dash: labels hold
 * brackets of their own ("apmaksa (dzīvokļa pabalsts)"), so none are put around them.
 */
export function Phones({ phones, label }: { phones: Phone[]; label?: string }) {
  const { t } = useI18n();
  if (phones.length === 0) return null;
  return (
    <div className="phones">
      <p className="phones-label">{label ?? t("phones")}:</p>
      <ul>
        {phones.map((phone) => (
          <li key={phone.tel}>
            <a href={`tel:${phone.tel}`}>{phone.display}</a>
            {phone.label && ` – ${phone.label}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
