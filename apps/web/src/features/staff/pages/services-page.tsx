import type { AdminService } from "@pieraksts/contracts";
import { type FormEvent, useState } from "react";
import { PageHeading } from "../../../components/page.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { Outcome, StaffField } from "../components.tsx";
import type { StaffMessageKey } from "../i18n/messages-lv.ts";
import { usePointServices, useStaffMutation } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";
import { usePoint } from "../use-point.ts";

type Settings = Pick<
  AdminService,
  | "slotMinutes"
  | "capacityPerSlot"
  | "staffOnlyCapacity"
  | "dailyLimit"
  | "minNoticeMinutes"
  | "maxAdvanceDays"
  | "active"
>;
const numbers: [Exclude<keyof Settings, "active" | "dailyLimit">, StaffMessageKey][] = [
  ["slotMinutes", "slotMinutes"],
  ["capacityPerSlot", "capacityPerSlot"],
  ["staffOnlyCapacity", "staffOnlyCapacity"],
  ["minNoticeMinutes", "minNoticeMinutes"],
  ["maxAdvanceDays", "maxAdvanceDays"],
];

function ServiceForm({ point, service }: { point: string; service: AdminService }) {
  const t = useStaffT();
  const { lang } = useI18n();
  const name = service.name[lang];
  const [saved, setSaved] = useState(false);
  const save = useStaffMutation<Partial<Settings>, AdminService>(
    "PATCH",
    () => `/service-points/${point}/services/${service.slug}`,
    ["services"],
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Partial<Settings> = { active: form.get("active") === "on" };
    for (const [key] of numbers) body[key] = Number(form.get(key));
    const limit = String(form.get("dailyLimit") ?? "").trim();
    body.dailyLimit = limit ? Number(limit) : null;
    setSaved(false);
    save.mutate(body, { onSuccess: () => setSaved(true) });
  };
  return (
    <li className="card">
      <h2>{name}</h2>
      <form className="staff-form" noValidate onSubmit={onSubmit}>
        <div className="inline-fields">
          {numbers.map(([key, label]) => (
            <StaffField key={key} label={t(label)}>
              {(props) => (
                <input
                  {...props}
                  name={key}
                  type="number"
                  min={0}
                  inputMode="numeric"
                  defaultValue={service[key]}
                />
              )}
            </StaffField>
          ))}
          <StaffField label={t("dailyLimit")}>
            {(props) => (
              <input
                {...props}
                name="dailyLimit"
                type="number"
                min={1}
                inputMode="numeric"
                defaultValue={service.dailyLimit ?? ""}
              />
            )}
          </StaffField>
        </div>
        <label className="choice">
          <input type="checkbox" name="active" defaultChecked={service.active} /> {t("active")}
        </label>
        <Outcome ok={saved ? t("serviceSaved", { name }) : null} error={save.error} />
        <button type="submit" className="primary" aria-label={`${t("save")}: ${name}`}>
          {t("save")}
        </button>
      </form>
    </li>
  );
}

/** A point's services: places, the part kept for staff, limits and notice. */
export function ServicesPage() {
  const t = useStaffT();
  const [point] = usePoint();
  const services = usePointServices(point);
  return (
    <>
      <PageHeading title={t("servicesTitle")}>{t("servicesTitle")}</PageHeading>
      {services.isError && <Outcome error={services.error} />}
      <ul className="card-list">
        {(services.data ?? []).map((service) => (
          <ServiceForm key={`${point}/${service.slug}`} point={point} service={service} />
        ))}
      </ul>
    </>
  );
}
