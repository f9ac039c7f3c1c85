import { type FormEvent, useId } from "react";
import { useNavigate } from "react-router";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { paths } from "../../../lib/paths.ts";

/** Reference and secret code typed by hand, for a client without the link. */
export function LookupForm({ reference = "" }: { reference?: string }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const id = useId();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const ref = String(form.get("reference") ?? "")
      .trim()
      .toUpperCase();
    const token = String(form.get("token") ?? "").trim();
    if (ref && token) navigate(paths.booking(lang, ref, token));
  };
  return (
    <form onSubmit={onSubmit} className="booking-form">
      <p>{t("findBookingIntro")}</p>
      <div className="field">
        <label htmlFor={`${id}-ref`}>{t("bookingReference")}</label>
        <input
          id={`${id}-ref`}
          name="reference"
          defaultValue={reference}
          required
          autoComplete="off"
          autoCapitalize="characters"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-token`}>{t("token")}</label>
        <input id={`${id}-token`} name="token" required autoComplete="off" />
      </div>
      <button type="submit" className="primary">
        {t("findBooking")}
      </button>
    </form>
  );
}
