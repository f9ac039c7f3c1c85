import type {
  CreateStaffUserRequest,
  SetTemporaryPasswordRequest,
  StaffUser,
  UpdateStaffUserRequest,
} from "@pieraksts/contracts";
import { type FormEvent, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { Outcome } from "../components.tsx";
import { useMe, useStaffMutation, useStaffPoints, useStaffUsers } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";

/** Staff accounts: reception users for their points; disabling ends their sessions. */
export function UsersPage() {
  const t = useStaffT();
  const { lang } = useI18n();
  const users = useStaffUsers();
  const points = useStaffPoints();
  const [message, setMessage] = useState<string | null>(null);
  const create = useStaffMutation<CreateStaffUserRequest, StaffUser>("POST", () => "/users", [
    "users",
  ]);
  const update = useStaffMutation<UpdateStaffUserRequest & { id: string }, StaffUser>(
    "PATCH",
    ({ id }) => `/users/${id}`,
    ["users"],
  );
  const me = useMe();
  const temporary = useStaffMutation<SetTemporaryPasswordRequest & { id: string }, null>(
    "POST",
    ({ id }) => `/users/${id}/temporary-password`,
    ["users"],
  );
  const onTemporary = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const id = String(form.get("user") ?? "");
    const user = users.data?.find((candidate) => candidate.id === id);
    setMessage(null);
    if (!user) return;
    temporary.mutate(
      { id, password: String(form.get("temporaryPassword") ?? "") },
      {
        onSuccess: () => {
          setMessage(t("temporaryPasswordSet", { name: user.name }));
          formElement.reset();
        },
      },
    );
  };
  const others = (users.data ?? []).filter(
    (user) => user.active && user.email !== me.data?.user.email,
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setMessage(null);
    create.mutate(
      {
        email: String(form.get("email") ?? "").trim(),
        name: String(form.get("name") ?? "").trim(),
        password: String(form.get("password") ?? ""),
        role: form.get("role") === "admin" ? "admin" : "reception",
        servicePoints: form.getAll("points").map(String),
      },
      {
        onSuccess: (user) => {
          setMessage(t("userAdded", { name: user.name }));
          formElement.reset();
        },
      },
    );
  };
  return (
    <>
      <PageHeading title={t("usersTitle")}>{t("usersTitle")}</PageHeading>
      <Outcome ok={message} error={create.error ?? update.error ?? temporary.error} />
      <div className="table-scroll">
        <table className="day-list">
          <thead>
            <tr>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("email")}</th>
              <th scope="col">{t("role")}</th>
              <th scope="col">{t("points")}</th>
              <th scope="col">{t("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((user) => (
              <tr key={user.id}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>{t(user.role === "admin" ? "roleAdmin" : "roleReception")}</td>
                <td>{user.servicePoints.join(", ")}</td>
                <td>
                  {!user.active && <span className="meta">{t("disabled")} </span>}
                  {user.mustChangePassword && (
                    <span className="meta">{t("temporaryPasswordPending")} </span>
                  )}
                  <button
                    type="button"
                    aria-label={`${t(user.active ? "disable" : "enable")}: ${user.name}`}
                    onClick={() =>
                      update.mutate(
                        { id: user.id, active: !user.active },
                        { onSuccess: (u) => setMessage(t("userChanged", { name: u.name })) },
                      )
                    }
                  >
                    {t(user.active ? "disable" : "enable")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("setTemporaryPassword")}</h2>
      <p className="meta">{t("temporaryPasswordHelp")}</p>
      <form className="staff-form" noValidate onSubmit={onTemporary}>
        <Field label={t("staffMember")}>
          {(props) => (
            <select {...props} name="user">
              {others.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name} ({user.email})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("temporaryPassword")}>
          {(props) => (
            <input
              {...props}
              name="temporaryPassword"
              type="password"
              autoComplete="new-password"
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={temporary.isPending || !others.length}>
          {t("setTemporaryPassword")}
        </button>
      </form>
      <h2>{t("addUser")}</h2>
      <form className="staff-form" noValidate onSubmit={onSubmit}>
        <Field label={t("name")}>
          {(props) => <input {...props} name="name" autoComplete="off" />}
        </Field>
        <Field label={t("email")}>
          {(props) => <input {...props} name="email" type="email" autoComplete="off" />}
        </Field>
        <Field label={t("initialPassword")}>
          {(props) => (
            <input {...props} name="password" type="password" autoComplete="new-password" />
          )}
        </Field>
        <Field label={t("role")}>
          {(props) => (
            <select {...props} name="role" defaultValue="reception">
              <option value="reception">{t("roleReception")}</option>
              <option value="admin">{t("roleAdmin")}</option>
            </select>
          )}
        </Field>
        <fieldset>
          <legend>{t("points")}</legend>
          {(points.data ?? []).map((point) => (
            <label key={point.slug} className="choice">
              <input type="checkbox" name="points" value={point.slug} /> {point.name[lang]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t("add")}
        </button>
      </form>
    </>
  );
}
