import type { RecoverBookingsRequest, RecoverBookingsResponse } from "@pieraksts/contracts";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId } from "react";
import { ApiError, apiPost } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/** "Lost your link?": the links of a phone's upcoming bookings sent again (issue 11). */
export function RecoverForm() {
  const { t, lang } = useI18n();
  const id = useId();
  const recover = useMutation({
    mutationFn: (body: RecoverBookingsRequest) =>
      apiPost<RecoverBookingsResponse>("/api/v1/bookings/recover", body, { language: lang }),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const phone = String(form.get("phone") ?? "").trim();
    const reference = String(form.get("reference") ?? "")
      .trim()
      .toUpperCase();
    if (phone) recover.mutate({ phone, ...(reference ? { reference } : {}) });
  };
  const code = recover.error instanceof ApiError ? recover.error.code : null;
  return (
    <section aria-labelledby={`${id}-heading`} className="booking-form">
      <h2 id={`${id}-heading`}>{t("lostLink")}</h2>
      <p>{t("lostLinkIntro")}</p>
      <form onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={`${id}-phone`}>{t("phone")}</label>
          <input
            id={`${id}-phone`}
            name="phone"
            type="tel"
            required
            autoComplete="tel"
            maxLength={32}
            aria-invalid={code === "VALIDATION_FAILED" ? true : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-reference`}>{t("lostLinkReference")}</label>
          <input
            id={`${id}-reference`}
            name="reference"
            autoComplete="off"
            autoCapitalize="characters"
            maxLength={12}
          />
        </div>
        <button type="submit" className="primary" disabled={recover.isPending}>
          {recover.isPending ? t("submitting") : t("lostLinkSend")}
        </button>
      </form>
      <div role="status">{recover.isSuccess && <p className="notice">{t("lostLinkSent")}</p>}</div>
      {recover.isError && (
        <p role="alert" className="field-error">
          {code === "RATE_LIMITED"
            ? t("lostLinkTooMany")
            : code === "VALIDATION_FAILED"
              ? t("lostLinkBadPhone")
              : t("loadFailed")}
        </p>
      )}
    </section>
  );
}
