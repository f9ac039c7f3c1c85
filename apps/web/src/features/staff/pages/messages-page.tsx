import type { OrganisationSettings, UpdateOrganisationSettingsRequest } from "@pieraksts/contracts";
import { type FormEvent, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { MessageLine, Outcome } from "../components.tsx";
import { useFailedMessages, useOrganisationSettings, useStaffMutation } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";

/** Administrators: when reminders go, and the messages that failed across the organisation. */
export function MessagesPage() {
  const t = useStaffT();
  const settings = useOrganisationSettings();
  const failed = useFailedMessages();
  const [saved, setSaved] = useState(false);
  const save = useStaffMutation<UpdateOrganisationSettingsRequest, OrganisationSettings>(
    "PATCH",
    () => "/organisation",
    ["organisation"],
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    save.mutate(
      {
        reminderTime: String(form.get("reminderTime") ?? ""),
        reminderDaysBefore: Number(form.get("reminderDaysBefore") ?? 1),
      },
      { onSuccess: () => setSaved(true) },
    );
  };
  return (
    <>
      <PageHeading title={t("messagesTitle")}>{t("messagesTitle")}</PageHeading>
      <section aria-labelledby="reminder-setting">
        <h2 id="reminder-setting">{t("reminderSetting")}</h2>
        {settings.isError && <Outcome error={settings.error} />}
        {settings.data && (
          <form
            className="booking-form staff-form"
            noValidate
            onSubmit={onSubmit}
            key={`${settings.data.reminderTime}-${settings.data.reminderDaysBefore}`}
          >
            <p className="hint">{t("reminderSettingHint")}</p>
            <div className="inline-fields">
              <Field label={t("reminderTime")}>
                {(props) => (
                  <input
                    {...props}
                    name="reminderTime"
                    type="time"
                    required
                    defaultValue={settings.data.reminderTime}
                  />
                )}
              </Field>
              <Field label={t("reminderDaysBefore")}>
                {(props) => (
                  <input
                    {...props}
                    name="reminderDaysBefore"
                    type="number"
                    min={0}
                    max={7}
                    required
                    defaultValue={settings.data.reminderDaysBefore}
                  />
                )}
              </Field>
            </div>
            <button type="submit" className="primary" disabled={save.isPending}>
              {t("save")}
            </button>
          </form>
        )}
        <Outcome error={save.error} ok={saved ? t("reminderSettingSaved") : null} />
      </section>
      <section aria-labelledby="failed-messages">
        <h2 id="failed-messages">{t("failedMessages")}</h2>
        {failed.isError && <Outcome error={failed.error} />}
        {failed.data &&
          (failed.data.length === 0 ? (
            <p>{t("noFailedMessages")}</p>
          ) : (
            <ul className="affected">
              {failed.data.map((message) => (
                <li key={message.id}>
                  {message.reference ?? "–"} ({message.servicePoint ?? "–"}):{" "}
                  <MessageLine message={message} />
                </li>
              ))}
            </ul>
          ))}
      </section>
    </>
  );
}
