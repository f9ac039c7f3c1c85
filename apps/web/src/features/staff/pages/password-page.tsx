import { type FormEvent, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { invalidFields } from "../../../lib/api-client.ts";
import { Outcome } from "../components.tsx";
import { useChangePassword } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";

/**
 * Changing one's own password; also the only page while a temporary password set by an
 * administrator is in force (`forced`).
 */
export function PasswordPage({ forced = false }: { forced?: boolean }) {
  const t = useStaffT();
  const change = useChangePassword();
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const fields = invalidFields(change.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    const repeated = newPassword === String(form.get("repeatPassword") ?? "");
    setMismatch(!repeated);
    setDone(false);
    if (!repeated) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setDone(true);
          formElement.reset();
        },
      },
    );
  };
  return (
    <>
      <PageHeading title={t("passwordTitle")}>{t("passwordTitle")}</PageHeading>
      {forced && <p className="notice">{t("passwordChangeRequired")}</p>}
      <p className="meta">{t("passwordRules")}</p>
      <form className="staff-form" noValidate onSubmit={onSubmit}>
        <Field
          label={t(forced ? "temporaryPasswordCurrent" : "currentPassword")}
          error={fields.includes("currentPassword") ? t("currentPasswordWrong") : undefined}
        >
          {(props) => (
            <input
              {...props}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
            />
          )}
        </Field>
        <Field
          label={t("newPassword")}
          error={fields.includes("newPassword") ? t("newPasswordWeak") : undefined}
        >
          {(props) => (
            <input
              {...props}
              name="newPassword"
              type="password"
              autoComplete="new-password"
              required
            />
          )}
        </Field>
        <Field label={t("repeatPassword")} error={mismatch ? t("passwordsDiffer") : undefined}>
          {(props) => (
            <input
              {...props}
              name="repeatPassword"
              type="password"
              autoComplete="new-password"
              required
            />
          )}
        </Field>
        <Outcome
          ok={done ? t("passwordChanged") : null}
          error={fields.length ? null : change.error}
        />
        <button type="submit" className="primary" disabled={change.isPending}>
          {t("changePassword")}
        </button>
      </form>
    </>
  );
}
