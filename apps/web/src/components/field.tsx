import { type ReactNode, useId } from "react";
import { useI18n } from "../lib/i18n/i18n.tsx";

/** What a field's control spreads on itself to be tied to the label, hint and error. */
export interface FieldControlProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/**
 * A labelled form field with its hint and error, tied together for screen readers; the
 * one field of the public pages and the staff area alike.
 */
export function Field({
  id: givenId,
  label,
  error,
  hint,
  required,
  children,
}: {
  /** The control's id; a generated one when left out. */
  id?: string;
  label: string;
  error?: string;
  hint?: string;
  /** Marks the label "(required)". */
  required?: boolean;
  children: (props: FieldControlProps) => ReactNode;
}) {
  const { t } = useI18n();
  const generatedId = useId();
  const id = givenId ?? generatedId;
  const describedBy =
    [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> ({t("requiredField")})</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {children({
        id,
        ...(error ? { "aria-invalid": true } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      })}
    </div>
  );
}

/**
 * A client's phone (required) and e-mail (optional), as the booking form and the waiting
 * list's form ask for them; ids are `${idPrefix}-phone` and `${idPrefix}-email`.
 */
export function ContactFields({
  idPrefix,
  errors,
}: {
  idPrefix: string;
  errors: { phone?: string; email?: string };
}) {
  const { t } = useI18n();
  return (
    <>
      <Field
        id={`${idPrefix}-phone`}
        label={t("phone")}
        hint={t("phoneHint")}
        error={errors.phone}
        required
      >
        {(props) => (
          <input
            {...props}
            name="phone"
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            required
            maxLength={32}
          />
        )}
      </Field>
      <Field id={`${idPrefix}-email`} label={t("email")} error={errors.email}>
        {(props) => (
          <input {...props} name="email" type="email" autoComplete="email" maxLength={254} />
        )}
      </Field>
    </>
  );
}
