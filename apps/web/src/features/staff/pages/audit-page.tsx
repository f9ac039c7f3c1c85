import { type FormEvent, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { Outcome } from "../components.tsx";
import { useAudit } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";

/** The audit log with filters, and the data access request by phone number. */
export function AuditPage() {
  const t = useStaffT();
  const { longDate, time } = useI18n();
  const [query, setQuery] = useState("limit=100");
  const audit = useAudit(query);
  const [exportError, setExportError] = useState<unknown>(null);

  const onFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams({ limit: "100" });
    for (const key of ["action", "actor"]) {
      const value = String(form.get(key) ?? "").trim();
      if (value) params.set(key, value);
    }
    setQuery(params.toString());
  };

  const onExport = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setExportError(null);
    const phone = String(new FormData(event.currentTarget).get("phone") ?? "").trim();
    if (!phone) return;
    const response = await fetch(
      `/api/v1/staff/clients/export?phone=${encodeURIComponent(phone)}`,
      { cache: "no-store" },
    ).catch(() => null);
    if (!response?.ok) {
      const problem = response ? await response.json().catch(() => null) : null;
      setExportError(new ApiError(problem, response?.status ?? 0));
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = `pieraksts-${phone.replace(/\D/g, "")}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <>
      <PageHeading title={t("auditTitle")}>{t("auditTitle")}</PageHeading>
      <form className="filters staff-form" onSubmit={onFilter}>
        <Field label={t("actionFilter")}>{(props) => <input {...props} name="action" />}</Field>
        <Field label={t("actorFilter")}>
          {(props) => <input {...props} name="actor" type="email" />}
        </Field>
        <button type="submit">{t("filter")}</button>
      </form>
      {audit.isError && <Outcome error={audit.error} />}
      {(audit.data?.entries ?? []).length === 0 ? (
        <p>{audit.isPending ? "…" : t("noEntries")}</p>
      ) : (
        <div className="table-scroll">
          <table className="day-list">
            <thead>
              <tr>
                <th scope="col">{t("at")}</th>
                <th scope="col">{t("who")}</th>
                <th scope="col">{t("what")}</th>
                <th scope="col">{t("object")}</th>
              </tr>
            </thead>
            <tbody>
              {(audit.data?.entries ?? []).map((entry) => (
                <tr key={entry.id}>
                  <td>
                    {longDate(entry.at)} {time(entry.at)}
                  </td>
                  <td>
                    {entry.actor.email ??
                      (entry.actor.name
                        ? t("apiKeyActor", { name: entry.actor.name })
                        : t("system"))}
                  </td>
                  <td>{entry.action}</td>
                  <td>
                    {entry.entityType} {entry.entityId ?? ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {audit.data?.next && (
        <button
          type="button"
          onClick={() =>
            setQuery(`${query.replace(/&?before=\d+/, "")}&before=${audit.data?.next}`)
          }
        >
          {t("more")}
        </button>
      )}
      <section aria-labelledby="export-title">
        <h2 id="export-title">{t("exportTitle")}</h2>
        <p>{t("exportHint")}</p>
        <form className="filters staff-form" onSubmit={onExport}>
          <Field label={t("phone")}>
            {(props) => <input {...props} name="phone" type="tel" />}
          </Field>
          <button type="submit">{t("exportButton")}</button>
        </form>
        <Outcome error={exportError} />
      </section>
    </>
  );
}
