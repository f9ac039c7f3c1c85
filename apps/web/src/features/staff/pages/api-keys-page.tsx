import type {
  ApiKey,
  ApiKeyScope,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
} from "@pieraksts/contracts";
import { type FormEvent, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { invalidFields } from "../../../lib/api-client.ts";
import { useConfirmFocus } from "../../../lib/confirm-focus.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { Outcome } from "../components.tsx";
import type { StaffMessageKey } from "../i18n/messages-lv.ts";
import { useApiKeyLimits, useApiKeys, useStaffMutation } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";

const scopeKey: Record<ApiKeyScope, StaffMessageKey> = {
  "bookings:write": "scopeBookingsWrite",
  "bookings:read": "scopeBookingsRead",
};

/** Administrators give third parties keys, see them used, and revoke them. */
export function ApiKeysPage() {
  const t = useStaffT();
  const { longDate, time } = useI18n();
  const keys = useApiKeys();
  const limits = useApiKeyLimits().data;
  const [limitInvalid, setLimitInvalid] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<CreateApiKeyResponse | null>(null);
  const [confirming, setConfirming] = useState<ApiKey | null>(null);
  const revokeQuestion = useConfirmFocus<HTMLParagraphElement>(confirming !== null);
  const create = useStaffMutation<CreateApiKeyRequest, CreateApiKeyResponse>(
    "POST",
    () => "/api-keys",
    ["api-keys"],
  );
  const revoke = useStaffMutation<{ id: string }, ApiKey>("DELETE", ({ id }) => `/api-keys/${id}`, [
    "api-keys",
  ]);
  const when = (iso: string) => `${longDate(iso)} ${time(iso)}`;
  const limitRefused = invalidFields(create.error).includes("requestsPerMinute");

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setMessage(null);
    const limit = String(form.get("requestsPerMinute") ?? "").trim();
    const requestsPerMinute = limit === "" ? undefined : Number(limit);
    const invalid =
      requestsPerMinute !== undefined &&
      (!Number.isInteger(requestsPerMinute) ||
        requestsPerMinute < 1 ||
        (limits !== undefined && requestsPerMinute > limits.maxRequestsPerMinute));
    setLimitInvalid(invalid);
    if (invalid) return;
    setCreated(null);
    create.mutate(
      {
        name: String(form.get("name") ?? "").trim(),
        scopes: form.getAll("scopes").map(String) as ApiKeyScope[],
        ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
      },
      {
        onSuccess: (key) => {
          setCreated(key);
          formElement.reset();
        },
      },
    );
  };

  const copy = async () => {
    if (!created) return;
    await navigator.clipboard.writeText(created.key);
    setMessage(t("keyCopied"));
  };

  return (
    <>
      <PageHeading title={t("apiKeysTitle")}>{t("apiKeysTitle")}</PageHeading>
      <p className="meta">{t("apiKeysHelp")}</p>
      <Outcome ok={message} error={(limitRefused ? null : create.error) ?? revoke.error} />
      {created && (
        <section className="notice notice-ok" aria-labelledby="new-key-heading">
          <h2 id="new-key-heading">{t("newApiKeyFor", { name: created.name })}</h2>
          <p>{t("apiKeyShownOnce")}</p>
          <p>
            <code className="api-key-secret" data-testid="new-api-key">
              {created.key}
            </code>
          </p>
          <button type="button" onClick={copy}>
            {t("copyKey")}
          </button>
        </section>
      )}
      {confirming && (
        <section className="notice" role="alertdialog" aria-labelledby="revoke-question">
          <p id="revoke-question" ref={revokeQuestion} tabIndex={-1}>
            {t("confirmRevoke", { name: confirming.name })}
          </p>
          <button
            type="button"
            className="primary"
            disabled={revoke.isPending}
            onClick={() =>
              revoke.mutate(
                { id: confirming.id },
                {
                  onSuccess: (key) => {
                    setConfirming(null);
                    setMessage(t("apiKeyRevoked", { name: key.name }));
                  },
                },
              )
            }
          >
            {t("confirmRevokeYes")}
          </button>{" "}
          <button type="button" onClick={() => setConfirming(null)}>
            {t("keepKey")}
          </button>
        </section>
      )}
      {keys.data && keys.data.length === 0 ? (
        <p>{t("noApiKeys")}</p>
      ) : (
        <div className="table-scroll">
          <table className="day-list">
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("apiKeyPrefix")}</th>
                <th scope="col">{t("apiKeyScopes")}</th>
                <th scope="col">{t("apiKeyRequestsPerMinute")}</th>
                <th scope="col">{t("apiKeyLastUsed")}</th>
                <th scope="col">{t("actions")}</th>
              </tr>
            </thead>
            <tbody>
              {(keys.data ?? []).map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{key.scopes.map((scope) => t(scopeKey[scope])).join("; ")}</td>
                  <td>
                    {t(key.ownRequestsPerMinute ? "apiKeyLimitOwn" : "apiKeyLimitDefault", {
                      n: key.requestsPerMinute,
                    })}
                  </td>
                  <td>{key.lastUsedAt ? when(key.lastUsedAt) : t("apiKeyNeverUsed")}</td>
                  <td>
                    {key.revokedAt ? (
                      <span className="meta">
                        {t("apiKeyRevokedOn", { date: when(key.revokedAt) })}
                      </span>
                    ) : (
                      <button
                        type="button"
                        aria-label={`${t("revokeKey")}: ${key.name}`}
                        onClick={() => {
                          setMessage(null);
                          setConfirming(key);
                        }}
                      >
                        {t("revokeKey")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("createApiKey")}</h2>
      <form className="staff-form" noValidate onSubmit={onSubmit}>
        <Field label={t("apiKeyName")}>
          {(props) => <input {...props} name="name" autoComplete="off" maxLength={100} />}
        </Field>
        <fieldset>
          <legend>{t("apiKeyScopes")}</legend>
          {(Object.keys(scopeKey) as ApiKeyScope[]).map((scope) => (
            <label key={scope} className="choice">
              <input type="checkbox" name="scopes" value={scope} /> {t(scopeKey[scope])}{" "}
              <code>{scope}</code>
            </label>
          ))}
        </fieldset>
        <Field
          label={t("apiKeyRequestsPerMinute")}
          hint={
            limits
              ? t("apiKeyRequestsPerMinuteHint", {
                  n: limits.defaultRequestsPerMinute,
                  count: limits.maxRequestsPerMinute,
                })
              : undefined
          }
          error={
            limitInvalid || limitRefused
              ? t("apiKeyLimitInvalid", { n: limits?.maxRequestsPerMinute ?? 1 })
              : undefined
          }
        >
          {(props) => (
            <input
              {...props}
              name="requestsPerMinute"
              type="number"
              inputMode="numeric"
              min={1}
              max={limits?.maxRequestsPerMinute}
              step={1}
              autoComplete="off"
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t("createApiKey")}
        </button>
      </form>
    </>
  );
}
