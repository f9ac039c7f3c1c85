import { type FormEvent, useState } from "react";
import { Navigate, NavLink, Route, Routes, useNavigate } from "react-router";
import { Field } from "../../components/field.tsx";
import { PageHeading } from "../../components/page.tsx";
import { useI18n } from "../../lib/i18n/i18n.tsx";
import { preferences } from "../../lib/preferences.ts";
import { useOrganisations } from "../../lib/queries.ts";
import { Outcome } from "./components.tsx";
import { ApiKeysPage } from "./pages/api-keys-page.tsx";
import { AuditPage } from "./pages/audit-page.tsx";
import { ClosuresPage } from "./pages/closures-page.tsx";
import { DayPage } from "./pages/day-page.tsx";
import { HoursPage } from "./pages/hours-page.tsx";
import { MessagesPage } from "./pages/messages-page.tsx";
import { NewBookingPage } from "./pages/new-booking-page.tsx";
import { PasswordPage } from "./pages/password-page.tsx";
import { ServicesPage } from "./pages/services-page.tsx";
import { UsersPage } from "./pages/users-page.tsx";
import { WebhooksPage } from "./pages/webhooks-page.tsx";
import { useMe, useSignIn, useSignOut, useStaffPoints } from "./staff-api.ts";
import { useStaffT } from "./staff-i18n.tsx";
import { usePoint } from "./use-point.ts";
import "./staff.css";

/**
 * An account is an organisation and an e-mail, so sign-in names the organisation: the one
 * chosen last on this device, or the only one there is.
 */
function SignInPage() {
  const t = useStaffT();
  const signIn = useSignIn();
  const organisations = useOrganisations();
  const [organisation, setOrganisation] = useState(() => preferences.staffOrganisation() ?? "");
  const [missing, setMissing] = useState({ organisation: false, credentials: false });
  const list = organisations.data ?? [];
  const chosen = list.some((o) => o.slug === organisation)
    ? organisation
    : list.length === 1
      ? (list[0]?.slug ?? "")
      : "";
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setMissing({ organisation: !chosen, credentials: !email || !password });
    if (!chosen || !email || !password) return;
    signIn.mutate(
      { organisation: chosen, email, password },
      { onSuccess: () => preferences.setStaffOrganisation(chosen) },
    );
  };
  return (
    <>
      <PageHeading title={t("signInTitle")}>{t("signInTitle")}</PageHeading>
      <form className="booking-form staff-form" noValidate onSubmit={onSubmit}>
        <Field
          label={t("organisation")}
          error={
            organisations.isError
              ? t("organisationsUnavailable")
              : missing.organisation
                ? t("fieldRequired")
                : undefined
          }
        >
          {(props) => (
            <select
              {...props}
              name="organisation"
              value={chosen}
              disabled={!organisations.data}
              onChange={(event) => setOrganisation(event.target.value)}
            >
              {list.length !== 1 && <option value="">{t("chooseOrganisation")}</option>}
              {list.map((o) => (
                <option key={o.slug} value={o.slug}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("email")} error={missing.credentials ? t("fieldRequired") : undefined}>
          {(props) => <input {...props} name="email" type="email" autoComplete="username" />}
        </Field>
        <Field label={t("password")}>
          {(props) => (
            <input {...props} name="password" type="password" autoComplete="current-password" />
          )}
        </Field>
        <Outcome error={signIn.error} />
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {t("signIn")}
        </button>
      </form>
    </>
  );
}

function PointPicker() {
  const t = useStaffT();
  const points = useStaffPoints();
  const [point, setPoint] = usePoint();
  const { lang } = useI18n();
  if (!points.data || points.data.length < 2) return null;
  return (
    <Field label={t("servicePoint")}>
      {(props) => (
        <select {...props} value={point} onChange={(event) => setPoint(event.target.value)}>
          {points.data.map((p) => (
            <option key={p.slug} value={p.slug}>
              {p.name[lang]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function SignOutButton() {
  const t = useStaffT();
  const { lang } = useI18n();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <button
      type="button"
      onClick={() => signOut.mutate(undefined, { onSettled: () => navigate(`/${lang}/staff`) })}
    >
      {t("signOut")}
    </button>
  );
}

function Shell({
  admin,
  name,
  messaging,
}: {
  admin: boolean;
  name: string;
  messaging: { email: boolean; sms: boolean };
}) {
  const t = useStaffT();
  const { lang } = useI18n();
  const [point] = usePoint();
  const base = `/${lang}/staff`;
  const query = point ? `?point=${point}` : "";
  const links: [string, Parameters<typeof t>[0]][] = [
    ["day", "navDay"],
    ["new", "navNewBooking"],
    ["closures", "navClosures"],
    ...(admin
      ? ([
          ["hours", "navHours"],
          ["services", "navServices"],
          ["users", "navUsers"],
          ["api-keys", "navApiKeys"],
          ["webhooks", "navWebhooks"],
          ["messages", "navMessages"],
          ["audit", "navAudit"],
        ] as [string, Parameters<typeof t>[0]][])
      : []),
  ];
  return (
    <div className="staff">
      <div className="staff-bar no-print">
        <nav aria-label={t("staffNav")}>
          <ul>
            {links.map(([path, label]) => (
              <li key={path}>
                <NavLink to={`${base}/${path}${query}`}>{t(label)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <p className="staff-user">
          {t("signedInAs", { name })}{" "}
          <NavLink to={`${base}/password${query}`}>{t("navPassword")}</NavLink> <SignOutButton />
        </p>
        <PointPicker />
      </div>
      {!(messaging.email && messaging.sms) && (
        <p className="notice no-print">
          {messaging.email || messaging.sms
            ? t(messaging.email ? "messagingNoSms" : "messagingNoEmail")
            : t("messagingOff")}
        </p>
      )}
      <Routes>
        <Route index element={<Navigate to={`day${query}`} replace />} />
        <Route path="day" element={<DayPage />} />
        <Route path="new" element={<NewBookingPage />} />
        <Route path="closures" element={<ClosuresPage admin={admin} />} />
        <Route path="password" element={<PasswordPage />} />
        {admin && <Route path="hours" element={<HoursPage />} />}
        {admin && <Route path="services" element={<ServicesPage />} />}
        {admin && <Route path="users" element={<UsersPage />} />}
        {admin && <Route path="api-keys" element={<ApiKeysPage />} />}
        {admin && <Route path="webhooks" element={<WebhooksPage />} />}
        {admin && <Route path="audit" element={<AuditPage />} />}
        {admin && <Route path="messages" element={<MessagesPage />} />}
        <Route path="*" element={<Navigate to={`day${query}`} replace />} />
      </Routes>
    </div>
  );
}

/** The staff area: signed out, the sign-in form; signed in, the desk. */
export default function StaffApp() {
  const t = useStaffT();
  const me = useMe();
  if (me.isPending) {
    return (
      <p role="status" className="loading">
        …
      </p>
    );
  }
  // /staff/session answers null when signed out; an error is a failed call (offline).
  if (!me.data) {
    return (
      <>
        {me.isError && <Outcome error={me.error} />}
        <SignInPage />
      </>
    );
  }
  // A temporary password: the API refuses everything else until it is changed.
  if (me.data.mustChangePassword) {
    return (
      <div className="staff">
        <p className="staff-user">
          {t("signedInAs", { name: me.data.user.name })} <SignOutButton />
        </p>
        <PasswordPage forced />
      </div>
    );
  }
  return (
    <>
      <p className="sr-only">{t("staffArea")}</p>
      <Shell
        admin={me.data.user.role === "admin"}
        name={me.data.user.name}
        messaging={me.data.messaging}
      />
    </>
  );
}
