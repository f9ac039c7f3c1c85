import type {
  AdminService,
  AdminServicePoint,
  CreateServicePointRequest,
  CreateServiceRequest,
  UpdateServicePointRequest,
  UpdateServiceRequest,
} from "@pieraksts/contracts";
import { type FormEvent, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { Outcome } from "../components.tsx";
import type { StaffMessageKey } from "../i18n/messages-lv.ts";
import { usePointServices, useStaffMutation, useStaffPoints } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";
import { usePoint } from "../use-point.ts";
import { CategoriesEditor, QuestionsEditor } from "./service-choices.tsx";

type Settings = Pick<
  AdminService,
  | "requirements"
  | "questions"
  | "eligibility"
  | "slotMinutes"
  | "capacityPerSlot"
  | "staffOnlyCapacity"
  | "dailyLimit"
  | "maxBookingsPerAddressPerDay"
  | "maxBookingsPerAddressPerWeek"
  | "minNoticeMinutes"
  | "maxAdvanceDays"
  | "active"
>;
type OptionalNumber = "dailyLimit" | "maxBookingsPerAddressPerDay" | "maxBookingsPerAddressPerWeek";
/** Empty means none (the daily limit) or the setting's default (the limits per address). */
const optionalNumbers: [OptionalNumber, StaffMessageKey][] = [
  ["dailyLimit", "dailyLimit"],
  ["maxBookingsPerAddressPerDay", "perAddressPerDay"],
  ["maxBookingsPerAddressPerWeek", "perAddressPerWeek"],
];
const numbers: [
  Exclude<keyof Settings, "active" | OptionalNumber | "requirements" | "questions" | "eligibility">,
  StaffMessageKey,
][] = [
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
  const [linesDiffer, setLinesDiffer] = useState(false);
  const [categories, setCategories] = useState(service.eligibility);
  const [questions, setQuestions] = useState(service.questions);
  const save = useStaffMutation<UpdateServiceRequest, AdminService>(
    "PATCH",
    () => `/service-points/${point}/services/${service.slug}`,
    ["services"],
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: UpdateServiceRequest = { active: form.get("active") === "on" };
    for (const [key] of numbers) body[key] = Number(form.get(key));
    for (const [key] of optionalNumbers) {
      const value = String(form.get(key) ?? "").trim();
      body[key] = value ? Number(value) : null;
    }
    const lines = (key: string) =>
      String(form.get(key) ?? "")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
    const [lv, ru, en] = [lines("req-lv"), lines("req-ru"), lines("req-en")];
    setSaved(false);
    const differ = lv.length !== ru.length || lv.length !== en.length;
    setLinesDiffer(differ);
    if (differ) return;
    body.requirements = lv.map((text, i) => ({ lv: text, ru: ru[i] ?? "", en: en[i] ?? "" }));
    body.eligibility = categories;
    body.questions = questions;
    save.mutate(body, { onSuccess: () => setSaved(true) });
  };
  return (
    <li className="card">
      <h2>{name}</h2>
      <form className="staff-form" noValidate onSubmit={onSubmit}>
        <div className="inline-fields">
          {numbers.map(([key, label]) => (
            <Field key={key} label={t(label)}>
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
            </Field>
          ))}
          {optionalNumbers.map(([key, label]) => (
            <Field key={key} label={t(label)}>
              {(props) => (
                <input
                  {...props}
                  name={key}
                  type="number"
                  min={1}
                  inputMode="numeric"
                  defaultValue={service[key] ?? ""}
                />
              )}
            </Field>
          ))}
        </div>
        <fieldset>
          <legend>{t("requirements")}</legend>
          {linesDiffer && <p className="field-error">{t("linesDiffer")}</p>}
          {(["lv", "ru", "en"] as const).map((language) => (
            <Field
              key={language}
              label={t(
                language === "lv"
                  ? "requirementsLv"
                  : language === "ru"
                    ? "requirementsRu"
                    : "requirementsEn",
              )}
            >
              {(props) => (
                <textarea
                  {...props}
                  name={`req-${language}`}
                  lang={language}
                  rows={3}
                  defaultValue={service.requirements.map((text) => text[language]).join("\n")}
                />
              )}
            </Field>
          ))}
        </fieldset>
        <CategoriesEditor value={categories} onChange={setCategories} />
        <QuestionsEditor value={questions} onChange={setQuestions} />
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

/** A new point or a new service: a slug and the name in each language. */
function CreateForm({
  title,
  path,
  refresh,
  withAddress,
}: {
  title: string;
  path: string;
  refresh: string;
  withAddress?: boolean;
}) {
  const t = useStaffT();
  const { lang } = useI18n();
  const [created, setCreated] = useState<string | null>(null);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const create = useStaffMutation<
    CreateServicePointRequest | CreateServiceRequest,
    AdminServicePoint | AdminService
  >("POST", () => path, [refresh]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const value = (key: string) => String(form.get(key) ?? "").trim();
    const keys = ["slug", "lv", "ru", "en", ...(withAddress ? ["address"] : [])];
    const empty = Object.fromEntries(keys.map((key) => [key, value(key) === ""]));
    setMissing(empty);
    setCreated(null);
    if (Object.values(empty).some(Boolean)) return;
    create.mutate(
      {
        slug: value("slug"),
        name: { lv: value("lv"), ru: value("ru"), en: value("en") },
        ...(withAddress ? { address: value("address") } : {}),
      },
      {
        onSuccess: (row) => {
          setCreated(t("created", { name: row.name[lang] ?? "" }));
          formElement.reset();
        },
      },
    );
  };
  const required = (key: string) => (missing[key] ? t("fieldRequired") : undefined);
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <form className="staff-form" noValidate onSubmit={onSubmit}>
        <Field label={t("slug")} error={required("slug")}>
          {(props) => <input {...props} name="slug" pattern="[a-z0-9-]+" maxLength={64} />}
        </Field>
        {(["lv", "ru", "en"] as const).map((language) => (
          <Field
            key={language}
            label={t(language === "lv" ? "nameLv" : language === "ru" ? "nameRu" : "nameEn")}
            error={required(language)}
          >
            {(props) => <input {...props} name={language} lang={language} />}
          </Field>
        ))}
        {withAddress && (
          <Field label={t("address")} error={required("address")}>
            {(props) => <input {...props} name="address" />}
          </Field>
        )}
        <Outcome ok={created} error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending}>
          {t("add")}
        </button>
      </form>
    </section>
  );
}

const placeholderKeys = {
  address: "placeholderAddress",
  phones: "placeholderPhones",
  hours: "placeholderHours",
} as const;

/** The point's names, address and whether clients see it. */
function PointForm({ point }: { point: AdminServicePoint }) {
  const t = useStaffT();
  const [saved, setSaved] = useState(false);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const save = useStaffMutation<UpdateServicePointRequest, AdminServicePoint>(
    "PATCH",
    () => `/service-points/${point.slug}`,
    ["points"],
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (key: string) => String(form.get(key) ?? "").trim();
    const body: UpdateServicePointRequest = {
      name: { lv: value("lv"), ru: value("ru"), en: value("en") },
      // Sent only when changed: saving it clears the seed's stand-in mark.
      ...(value("address") !== point.address ? { address: value("address") } : {}),
      active: form.get("active") === "on",
    };
    const empty = Object.fromEntries(
      ["lv", "ru", "en", "address"].map((key) => [key, value(key) === ""]),
    );
    setMissing(empty);
    setSaved(false);
    if (Object.values(empty).some(Boolean)) return;
    save.mutate(body, { onSuccess: () => setSaved(true) });
  };
  const required = (key: string) => (missing[key] ? t("fieldRequired") : undefined);
  return (
    <section className="card" aria-labelledby="point-details">
      <h2 id="point-details">{t("pointDetails")}</h2>
      {point.placeholders.length > 0 && (
        <p className="notice">
          {t("placeholdersNotice", {
            name: point.placeholders.map((field) => t(placeholderKeys[field])).join(", "),
          })}
        </p>
      )}
      <form className="staff-form" noValidate onSubmit={onSubmit}>
        {(["lv", "ru", "en"] as const).map((lang) => (
          <Field
            key={lang}
            label={t(lang === "lv" ? "nameLv" : lang === "ru" ? "nameRu" : "nameEn")}
            error={required(lang)}
          >
            {(props) => (
              <input {...props} name={lang} lang={lang} defaultValue={point.name[lang]} />
            )}
          </Field>
        ))}
        <Field label={t("address")} error={required("address")}>
          {(props) => <input {...props} name="address" defaultValue={point.address} />}
        </Field>
        <label className="choice">
          <input type="checkbox" name="active" defaultChecked={point.active} /> {t("pointActive")}
        </label>
        <Outcome ok={saved ? t("pointSaved") : null} error={save.error} />
        <button type="submit" className="primary">
          {t("save")}
        </button>
      </form>
    </section>
  );
}

/** A point's details and services: places, the part kept for staff, limits and notice. */
export function ServicesPage() {
  const t = useStaffT();
  const [point] = usePoint();
  const services = usePointServices(point);
  const points = useStaffPoints();
  const current = points.data?.find((p) => p.slug === point);
  return (
    <>
      <PageHeading title={t("servicesTitle")}>{t("servicesTitle")}</PageHeading>
      {current && <PointForm key={current.slug} point={current} />}
      {services.isError && <Outcome error={services.error} />}
      <ul className="card-list">
        {(services.data ?? []).map((service) => (
          <ServiceForm key={`${point}/${service.slug}`} point={point} service={service} />
        ))}
      </ul>
      {point && (
        <CreateForm
          title={t("addService")}
          path={`/service-points/${point}/services`}
          refresh="services"
        />
      )}
      <CreateForm title={t("addPoint")} path="/service-points" refresh="points" withAddress />
    </>
  );
}
