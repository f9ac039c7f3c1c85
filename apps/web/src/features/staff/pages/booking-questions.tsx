import type { AdminService, Answers } from "@pieraksts/contracts";
import { useId } from "react";
import { Field } from "../../../components/field.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { useStaffT } from "../staff-i18n.tsx";

type Question = AdminService["questions"][number];

/** More options than this are a drop-down rather than radio buttons. */
const radioLimit = 5;

/** A group of radio buttons with its legend and error, as the booking form's fieldsets. */
function RadioGroup({
  legend,
  name,
  options,
  error,
}: {
  legend: string;
  name: string;
  options: { key: string; label: string }[];
  error?: string;
}) {
  const errorId = useId();
  return (
    <fieldset
      className={error ? "field-invalid" : undefined}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>{legend}</legend>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {options.map((option) => (
        <label key={option.key} className="choice">
          <input type="radio" name={name} value={option.key} /> {option.label}
        </label>
      ))}
    </fieldset>
  );
}

function QuestionField({ question, error }: { question: Question; error?: string }) {
  const t = useStaffT();
  const { lang } = useI18n();
  const name = `answer:${question.key}`;
  const label = question.label[lang];
  if (question.kind === "boolean") {
    return (
      <div className={`field${error ? " field-invalid" : ""}`}>
        {error && <p className="field-error">{error}</p>}
        <label className="choice">
          <input type="checkbox" name={name} /> {label}
        </label>
      </div>
    );
  }
  const options = (question.options ?? []).map((o) => ({ key: o.key, label: o.label[lang] }));
  if (question.kind === "choice" && options.length <= radioLimit) {
    return <RadioGroup legend={label} name={name} options={options} error={error} />;
  }
  return (
    <Field label={label} error={error} required={question.required}>
      {(props) =>
        question.kind === "choice" ? (
          <select {...props} name={name} defaultValue="">
            <option value="">{t("chooseOption")}</option>
            {options.map((option) => (
              <option key={option.key} value={option.key}>
                {option.label}
              </option>
            ))}
          </select>
        ) : (
          <input {...props} name={name} maxLength={500} autoComplete="off" />
        )
      }
    </Field>
  );
}

/**
 * The service's questions and its eligibility groups, asked by staff on the client's
 * behalf as the public form asks them; `readAnswers` collects what was given.
 */
export function BookingQuestions({
  service,
  errors,
}: {
  service: AdminService | undefined;
  errors: Record<string, string>;
}) {
  const t = useStaffT();
  const { lang } = useI18n();
  if (!service) return null;
  return (
    <>
      {service.eligibility.length > 0 && (
        <RadioGroup
          legend={t("eligibilityAnswer")}
          name="answer:eligibility"
          options={service.eligibility.map((c) => ({ key: c.key, label: c.label[lang] }))}
          error={errors["answers.eligibility"]}
        />
      )}
      {service.questions.map((question) => (
        <QuestionField
          key={question.key}
          question={question}
          error={errors[`answers.${question.key}`]}
        />
      ))}
    </>
  );
}

/** The answers in the form, and the required ones left out (as "answers.<key>"). */
export function readAnswers(
  service: AdminService | undefined,
  form: FormData,
): { answers: Answers; missing: string[] } {
  const answers: Record<string, string | boolean> = {};
  const missing: string[] = [];
  if (!service) return { answers, missing };
  const text = (key: string) => String(form.get(`answer:${key}`) ?? "").trim();
  if (service.eligibility.length > 0) {
    const group = text("eligibility");
    if (group) answers.eligibility = group;
    else missing.push("answers.eligibility");
  }
  for (const question of service.questions) {
    if (question.kind === "boolean") {
      const checked = form.get(`answer:${question.key}`) !== null;
      if (checked || !question.required) answers[question.key] = checked;
      else missing.push(`answers.${question.key}`);
      continue;
    }
    const value = text(question.key);
    if (value) answers[question.key] = value;
    else if (question.required) missing.push(`answers.${question.key}`);
  }
  return { answers, missing };
}
