import type { Answers, Booking, Question } from "@pieraksts/contracts";
import { type FormEvent, useId, useRef, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { errorMessageKey } from "../../../components/error-message.ts";
import { ContactFields, Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { ApiError, apiGet, invalidFields } from "../../../lib/api-client.ts";
import { forgetHeldTime, heldTime } from "../../../lib/held-time.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { paths } from "../../../lib/paths.ts";
import { placeLabel } from "../../../lib/place-label.ts";
import { useServicePoints, useServices } from "../../../lib/queries.ts";
import { findRecentBooking, forgetBooking, rememberBooking } from "../../../lib/recent-bookings.ts";
import { useCreateBooking } from "../api/create-booking.ts";
import { HoldCountdown } from "../components/hold-countdown.tsx";
import { isPlausiblePhone, NAME_MAX } from "../lib/client-checks.ts";

/** Up to this many options show as radio buttons; more as a drop-down list. */
const RADIO_MAX = 6;

function ChoiceQuestion({
  id,
  question,
  error,
}: {
  id: string;
  question: Question;
  error: string | undefined;
}) {
  const { t } = useI18n();
  const options = question.options ?? [];
  const name = `q-${question.key}`;
  if (options.length > RADIO_MAX) {
    return (
      <Field id={id} label={question.label} required={question.required} error={error}>
        {(props) => (
          <select {...props} name={name} defaultValue="">
            <option value="">{t("chooseOption")}</option>
            {options.map((option) => (
              <option key={option.key} value={option.key}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  }
  return (
    <fieldset
      className={`field${error ? " field-invalid" : ""}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>
        {question.label}
        {question.required && <span className="required"> ({t("requiredField")})</span>}
      </legend>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {options.map((option) => (
        <label key={option.key} className="choice">
          <input type="radio" name={name} value={option.key} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

type Errors = Record<string, string>;

/** Step 4: who is coming, the service's questions, and the requirements to confirm. */
export default function WhoPage() {
  const { org = "", point = "", service = "" } = useParams();
  const [search] = useSearchParams();
  const start = search.get("start") ?? "";
  const navigate = useNavigate();
  const { t, lang, longDate, time } = useI18n();
  const services = useServices(point);
  const points = useServicePoints(org);
  const create = useCreateBooking();
  const id = useId();
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const location = points.data?.find((p) => p.slug === point);
  // The time kept for this form when it was chosen, if it was this one.
  const [hold] = useState(() => {
    const kept = heldTime();
    return kept?.start === start && kept.service === service && kept.servicePoint === point
      ? kept
      : null;
  });

  if (!start || Number.isNaN(Date.parse(start))) {
    return (
      <p>
        <Link to={paths.when(lang, org, point, service)}>{t("selectDayFirst")}</Link>
      </p>
    );
  }
  const date = start.slice(0, 10);
  const target = { servicePoint: point, service, date };
  // Back after booking: the booking this tab made for this day comes first (decision 018).
  const madeHere = findRecentBooking(target);

  return (
    <>
      <p>
        <Link to={paths.when(lang, org, point, service, date)}>{t("back")}</Link>
      </p>
      <PageHeading title={t("yourDetails")}>{t("yourDetails")}</PageHeading>
      {madeHere && (
        <div className="notice" role="status">
          <p>{t("alreadyBookedHere")}</p>
          <p>
            <Link to={paths.booking(lang, madeHere.reference, madeHere.token)}>
              {t("showMyBooking")}
            </Link>
          </p>
        </div>
      )}
      <QueryState query={services}>
        {(list) => {
          const current = list.find((s) => s.slug === service);
          if (!current) return <p>{t("notFoundText")}</p>;
          const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const local: Errors = {};
            const name = String(form.get("name") ?? "").trim();
            const phone = String(form.get("phone") ?? "").trim();
            const email = String(form.get("email") ?? "").trim();
            if (name.length < 2) local.name = t("fieldRequired");
            else if (name.length > NAME_MAX) local.name = t("nameTooLong", { count: NAME_MAX });
            if (!phone) local.phone = t("fieldRequired");
            else if (!isPlausiblePhone(phone)) local.phone = t("phoneInvalid");
            const answers: Answers = {};
            for (const question of current.questions) {
              const value = form.get(`q-${question.key}`);
              if (question.kind === "boolean") answers[question.key] = value === "on";
              else if (value) answers[question.key] = String(value);
              else if (question.required) local[`answers.${question.key}`] = t("fieldRequired");
            }
            if (current.eligibility.length > 0) {
              const value = form.get("eligibility");
              if (value) answers.eligibility = String(value);
              else local["answers.eligibility"] = t("fieldRequired");
            }
            if (current.requirements.length > 0 && form.get("confirm") !== "on") {
              local.confirm = t("fieldRequired");
            }
            setErrors(local);
            setFormError(null);
            if (Object.keys(local).length > 0) {
              setFormError(t("fixErrors"));
              summary.current?.focus();
              return;
            }
            const mine = findRecentBooking(target, phone);
            if (mine) {
              // Still standing? Then show it; cancelled since, book afresh.
              const standing = await apiGet<Booking>(`/api/v1/bookings/${mine.reference}`, {
                language: lang,
                token: mine.token,
                cache: "no-cache",
              }).then(
                (booking) => booking.status === "booked" || booking.status === "checked_in",
                () => false,
              );
              if (standing) {
                navigate(paths.booking(lang, mine.reference, mine.token), {
                  state: { alreadyBooked: true },
                });
                return;
              }
              forgetBooking(mine.reference);
            }
            try {
              const created = await create.mutateAsync({
                servicePoint: point,
                service,
                start,
                client: { name, phone, ...(email ? { email } : {}) },
                language: lang,
                answers,
                ...(hold ? { holdToken: hold.holdToken } : {}),
                reminders: form.get("reminders") === "on",
              });
              forgetHeldTime();
              rememberBooking({
                ...target,
                phone,
                reference: created.reference,
                token: created.manageToken,
              });
              navigate(paths.booking(lang, created.reference, created.manageToken), {
                state: { created: true },
              });
            } catch (error) {
              const code = error instanceof ApiError ? error.code : "UNKNOWN";
              if (
                code === "SLOT_FULL" ||
                code === "DAILY_LIMIT_REACHED" ||
                code === "OUTSIDE_OPENING_HOURS" ||
                code === "NOT_A_SLOT_START" ||
                code === "IN_THE_PAST" ||
                code === "TOO_SOON" ||
                code === "TOO_FAR_AHEAD"
              ) {
                navigate(paths.when(lang, org, point, service, date), {
                  state: { notice: errorMessageKey(error) },
                });
                return;
              }
              const fields = invalidFields(error);
              setErrors(
                Object.fromEntries(
                  fields.map((field) => [
                    field,
                    field === "phone" ? t("phoneInvalid") : t("fieldInvalid"),
                  ]),
                ),
              );
              setFormError(fields.length ? t("fixErrors") : t(errorMessageKey(error)));
              summary.current?.focus();
            }
          };
          return (
            <>
              <section className="summary card" aria-labelledby={`${id}-visit`}>
                <h2 id={`${id}-visit`}>{t("yourVisit")}</h2>
                <dl>
                  <dt>{t("service")}</dt>
                  <dd>{current.name}</dd>
                  <dt>{t("when")}</dt>
                  <dd>
                    {longDate(start)}, {time(start)}
                  </dd>
                  {location && (
                    <>
                      <dt>{t("where")}</dt>
                      <dd>{placeLabel(location.name, location.address)}</dd>
                    </>
                  )}
                </dl>
                {hold && <HoldCountdown expiresAt={hold.expiresAt} />}
              </section>
              <div ref={summary} tabIndex={-1} role={formError ? "alert" : undefined}>
                {formError && (
                  <div className="notice notice-error">
                    <p>{formError}</p>
                    {create.error instanceof ApiError &&
                      create.error.code === "ALREADY_BOOKED_THAT_DAY" && (
                        <p>
                          <Link to={paths.manage(lang)}>{t("findBooking")}</Link>
                        </p>
                      )}
                  </div>
                )}
              </div>
              <form noValidate onSubmit={onSubmit} className="booking-form">
                <Field
                  id={`${id}-name`}
                  // Gift packages are for a child or a bedridden person; someone else collects.
                  label={current.eligibility.length > 0 ? t("nameOfCollector") : t("name")}
                  hint={current.eligibility.length > 0 ? t("nameOfCollectorHint") : undefined}
                  error={errors.name}
                  required
                >
                  {(props) => <input {...props} name="name" autoComplete="name" required />}
                </Field>
                <ContactFields idPrefix={id} errors={errors} />
                {current.eligibility.length > 0 && (
                  <fieldset
                    className={`field${errors["answers.eligibility"] ? " field-invalid" : ""}`}
                    aria-describedby={`${id}-eligibility-hint`}
                  >
                    <legend>
                      {t("eligibility")} <span className="required">({t("requiredField")})</span>
                    </legend>
                    <p id={`${id}-eligibility-hint`} className="hint">
                      {t("eligibilityHint")}
                    </p>
                    {errors["answers.eligibility"] && (
                      <p className="field-error">{errors["answers.eligibility"]}</p>
                    )}
                    {current.eligibility.map((category) => (
                      <label key={category.key} className="choice">
                        <input type="radio" name="eligibility" value={category.key} />
                        {category.label}
                      </label>
                    ))}
                  </fieldset>
                )}
                {current.questions.map((question) =>
                  question.kind === "choice" ? (
                    <ChoiceQuestion
                      key={question.key}
                      id={`${id}-q-${question.key}`}
                      question={question}
                      error={errors[`answers.${question.key}`]}
                    />
                  ) : question.kind === "boolean" ? (
                    <div key={question.key} className="field">
                      <label className="choice">
                        <input type="checkbox" name={`q-${question.key}`} />
                        {question.label}
                      </label>
                    </div>
                  ) : (
                    <Field
                      key={question.key}
                      id={`${id}-q-${question.key}`}
                      label={question.label}
                      required={question.required}
                      error={errors[`answers.${question.key}`]}
                    >
                      {(props) => <input {...props} name={`q-${question.key}`} />}
                    </Field>
                  ),
                )}
                {current.requirements.length > 0 && (
                  <fieldset className={`field${errors.confirm ? " field-invalid" : ""}`}>
                    <legend>{t("whatToBring")}</legend>
                    <ul>
                      {current.requirements.map((requirement) => (
                        <li key={requirement}>{requirement}</li>
                      ))}
                    </ul>
                    {errors.confirm && <p className="field-error">{errors.confirm}</p>}
                    <label className="choice">
                      <input
                        type="checkbox"
                        name="confirm"
                        aria-invalid={errors.confirm ? true : undefined}
                      />
                      {t("confirmRequirements")}
                    </label>
                  </fieldset>
                )}
                <div className="field">
                  <label className="choice">
                    <input type="checkbox" name="reminders" defaultChecked />
                    {t("sendReminders")}
                  </label>
                  <p className="hint">{t("messagesHint")}</p>
                </div>
                <button type="submit" className="primary" disabled={create.isPending}>
                  {create.isPending ? t("submitting") : t("submitBooking")}
                </button>
              </form>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
