import { useId, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { errorMessageKey } from "../../../components/error-message.ts";
import { ContactFields, Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { invalidFields } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { paths } from "../../../lib/paths.ts";
import { useServices } from "../../../lib/queries.ts";
import { todayInRiga } from "../../../lib/riga-time.ts";
import { useJoinWaitlist } from "../api/waitlist.ts";

function addDays(date: string, days: number): string {
  const at = new Date(`${date}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/**
 * Joining the waiting list for a service (decision 026): name, phone, e-mail (optional)
 * and the days the client could come. The entry's page, with its link, follows.
 */
export default function JoinWaitlistPage() {
  const { org = "", point = "", service = "" } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const { t, lang, longDate } = useI18n();
  const id = useId();
  const services = useServices(point);
  const join = useJoinWaitlist();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const today = todayInRiga();
  const given = search.get("date");
  const first = given && given >= today ? given : today;

  return (
    <>
      <p>
        <Link to={paths.when(lang, org, point, service, given ?? undefined)}>{t("back")}</Link>
      </p>
      <PageHeading title={t("waitlistTitle")}>{t("waitlistTitle")}</PageHeading>
      <QueryState query={services}>
        {(list) => {
          const current = list.find((s) => s.slug === service);
          if (!current) return <p>{t("notFoundText")}</p>;
          const last = addDays(today, current.maxAdvanceDays);
          return (
            <>
              <p>
                <strong>{current.name}</strong>
              </p>
              <p>{t("waitlistIntro")}</p>
              {formError && (
                <div role="alert" className="notice notice-error">
                  <p>{formError}</p>
                </div>
              )}
              <form
                noValidate
                className="booking-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  const form = new FormData(event.currentTarget);
                  const name = String(form.get("name") ?? "").trim();
                  const phone = String(form.get("phone") ?? "").trim();
                  const email = String(form.get("email") ?? "").trim();
                  const from = String(form.get("from") ?? "");
                  const to = String(form.get("to") ?? "");
                  const local: Record<string, string> = {};
                  if (name.length < 2) local.name = t("fieldRequired");
                  if (!phone) local.phone = t("fieldRequired");
                  if (!from || from < today || from > last) local.from = t("fieldInvalid");
                  if (!to || to < from || to > last) local.to = t("fieldInvalid");
                  setErrors(local);
                  if (Object.keys(local).length) {
                    setFormError(t("fixErrors"));
                    return;
                  }
                  setFormError(null);
                  join.mutate(
                    {
                      servicePoint: point,
                      service,
                      from,
                      to,
                      client: { name, phone, ...(email ? { email } : {}) },
                      language: lang,
                    },
                    {
                      onSuccess: (joined) =>
                        navigate(paths.waitlist(lang, joined.reference, joined.manageToken), {
                          state: { joined: true },
                        }),
                      onError: (error) => {
                        const fields = invalidFields(error);
                        const next: Record<string, string> = {};
                        for (const field of fields) {
                          const short = field.replace(/^client\./, "");
                          next[short] = short === "phone" ? t("phoneInvalid") : t("fieldInvalid");
                        }
                        setErrors(next);
                        setFormError(fields.length ? t("fixErrors") : t(errorMessageKey(error)));
                      },
                    },
                  );
                }}
              >
                <Field id={`${id}-name`} label={t("name")} error={errors.name} required>
                  {(props) => (
                    <input {...props} name="name" autoComplete="name" required maxLength={100} />
                  )}
                </Field>
                <ContactFields idPrefix={id} errors={errors} />
                <Field
                  id={`${id}-from`}
                  label={t("waitlistFrom")}
                  hint={t("waitlistDatesHint", { date: longDate(last) })}
                  error={errors.from}
                  required
                >
                  {(props) => (
                    <input
                      {...props}
                      name="from"
                      type="date"
                      min={today}
                      max={last}
                      defaultValue={first}
                      required
                    />
                  )}
                </Field>
                <Field id={`${id}-to`} label={t("waitlistTo")} error={errors.to} required>
                  {(props) => (
                    <input
                      {...props}
                      name="to"
                      type="date"
                      min={today}
                      max={last}
                      defaultValue={first}
                      required
                    />
                  )}
                </Field>
                <button type="submit" className="primary" disabled={join.isPending}>
                  {t("waitlistJoin")}
                </button>
              </form>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
