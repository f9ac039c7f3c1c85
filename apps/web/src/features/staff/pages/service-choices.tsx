import type { AdminService, LocalisedText } from "@pieraksts/contracts";
import type { StaffMessageKey } from "../i18n/messages-lv.ts";
import { useStaffT } from "../staff-i18n.tsx";

type Category = AdminService["eligibility"][number];
type Question = AdminService["questions"][number];

const languages: [keyof LocalisedText, StaffMessageKey][] = [
  ["lv", "requirementsLv"],
  ["ru", "requirementsRu"],
  ["en", "requirementsEn"],
];
const empty: LocalisedText = { lv: "", ru: "", en: "" };

/** A key and a text in each language, as one row of inputs. */
function KeyedText({
  value,
  onChange,
  keyLabel,
}: {
  value: { key: string; label: LocalisedText };
  onChange: (next: { key: string; label: LocalisedText }) => void;
  keyLabel: string;
}) {
  const t = useStaffT();
  return (
    <div className="inline-fields">
      <label>
        {keyLabel}
        <input value={value.key} onChange={(e) => onChange({ ...value, key: e.target.value })} />
      </label>
      {languages.map(([language, label]) => (
        <label key={language}>
          {t(label)}
          <input
            lang={language}
            value={value.label[language]}
            onChange={(e) =>
              onChange({ ...value, label: { ...value.label, [language]: e.target.value } })
            }
          />
        </label>
      ))}
    </div>
  );
}

/** The categories a client chooses from (eligibility); none: anyone may book. */
export function CategoriesEditor({
  value,
  onChange,
}: {
  value: Category[];
  onChange: (next: Category[]) => void;
}) {
  const t = useStaffT();
  return (
    <fieldset>
      <legend>{t("eligibilityTitle")}</legend>
      {value.map((category, index) => {
        const name = t("categoryN", { n: index + 1 });
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <fieldset key={index}>
            <legend>{name}</legend>
            <KeyedText
              keyLabel={t("key")}
              value={category}
              onChange={(next) => onChange(value.map((c, i) => (i === index ? next : c)))}
            />
            <button
              type="button"
              onClick={() => onChange(value.filter((_, i) => i !== index))}
              aria-label={t("removeThis", { name })}
            >
              ✕
            </button>
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...value, { key: "", label: { ...empty } }])}>
        {t("addCategory")}
      </button>
    </fieldset>
  );
}

/** The questions asked when booking: yes/no, text, or a choice of answers. */
export function QuestionsEditor({
  value,
  onChange,
}: {
  value: Question[];
  onChange: (next: Question[]) => void;
}) {
  const t = useStaffT();
  const update = (index: number, change: Partial<Question>) =>
    onChange(value.map((q, i) => (i === index ? { ...q, ...change } : q)));
  return (
    <fieldset>
      <legend>{t("questionsTitle")}</legend>
      {value.map((question, index) => {
        const name = t("questionN", { n: index + 1 });
        const options = question.options ?? [];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <fieldset key={index}>
            <legend>{name}</legend>
            <KeyedText
              keyLabel={t("key")}
              value={question}
              onChange={(next) => update(index, next)}
            />
            <div className="inline-fields">
              <label>
                {t("kindLabel")}
                <select
                  value={question.kind}
                  onChange={(e) => {
                    const kind = e.target.value as Question["kind"];
                    update(index, { kind, options: kind === "choice" ? options : undefined });
                  }}
                >
                  <option value="boolean">{t("kindBoolean")}</option>
                  <option value="text">{t("kindText")}</option>
                  <option value="choice">{t("kindChoice")}</option>
                </select>
              </label>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={question.required}
                  onChange={(e) => update(index, { required: e.target.checked })}
                />{" "}
                {t("requiredQuestion")}
              </label>
            </div>
            {question.kind === "choice" && (
              <>
                {options.map((option, n) => {
                  const optionName = `${name}, ${t("optionN", { n: n + 1 })}`;
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
                    <fieldset key={n}>
                      <legend>{optionName}</legend>
                      <KeyedText
                        keyLabel={t("key")}
                        value={option}
                        onChange={(next) =>
                          update(index, { options: options.map((o, i) => (i === n ? next : o)) })
                        }
                      />
                      <button
                        type="button"
                        aria-label={t("removeThis", { name: optionName })}
                        onClick={() =>
                          update(index, { options: options.filter((_, i) => i !== n) })
                        }
                      >
                        ✕
                      </button>
                    </fieldset>
                  );
                })}
                <button
                  type="button"
                  onClick={() =>
                    update(index, { options: [...options, { key: "", label: { ...empty } }] })
                  }
                >
                  {t("addOption")}
                </button>
              </>
            )}
            <button
              type="button"
              aria-label={t("removeThis", { name })}
              onClick={() => onChange(value.filter((_, i) => i !== index))}
            >
              ✕
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() =>
          onChange([...value, { key: "", kind: "text", required: false, label: { ...empty } }])
        }
      >
        {t("addQuestion")}
      </button>
    </fieldset>
  );
}
