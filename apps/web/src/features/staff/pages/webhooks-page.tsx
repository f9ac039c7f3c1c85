import type {
  CreateWebhookRequest,
  CreateWebhookResponse,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
} from "@pieraksts/contracts";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { ApiError, invalidFields } from "../../../lib/api-client.ts";
import { useConfirmFocus } from "../../../lib/confirm-focus.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { Outcome } from "../components.tsx";
import type { StaffMessageKey } from "../i18n/messages-lv.ts";
import { useStaffMutation, useWebhookDeliveries, useWebhooks } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";

/** Every event type, in the order the form offers them (the record keeps it complete). */
const eventKey: Record<WebhookEventType, StaffMessageKey> = {
  "booking.created": "eventBookingCreated",
  "booking.rescheduled": "eventBookingRescheduled",
  "booking.cancelled": "eventBookingCancelled",
  "booking.checked_in": "eventBookingCheckedIn",
  "booking.no_show": "eventBookingNoShow",
  "closure.created": "eventClosureCreated",
};
const eventTypes = Object.keys(eventKey) as WebhookEventType[];
const eventLabel = (type: string): StaffMessageKey | null =>
  type in eventKey ? eventKey[type as WebhookEventType] : null;

/** The secret of a new endpoint or a rotation: shown once. */
interface ShownSecret {
  hook: CreateWebhookResponse;
  rotated: boolean;
}

type Confirming = { kind: "delete" | "rotate"; hook: Webhook };

/** The server's own words about a refused field (English), for the technical detail. */
function serverDetail(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError)) return null;
  const found = error.problem?.errors?.find((entry) => entry.field === `body.${field}`);
  return found ? `${error.problem?.detail ?? found.message}` : null;
}

/**
 * Administrators register the endpoints other systems hear of changes at, read what was
 * sent and what the receiver answered, send a delivery again, and rotate the secret.
 */
export function WebhooksPage() {
  const t = useStaffT();
  const { longDate, time } = useI18n();
  const hooks = useWebhooks();
  const [message, setMessage] = useState<string | null>(null);
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const webhookQuestion = useConfirmFocus<HTMLParagraphElement>(confirming !== null);
  const [open, setOpen] = useState<string | null>(null);
  const [missing, setMissing] = useState({ url: false, events: false });
  const secretHeading = useRef<HTMLHeadingElement>(null);
  const when = (iso: string) => `${longDate(iso)} ${time(iso)}`;

  const create = useStaffMutation<CreateWebhookRequest, CreateWebhookResponse>(
    "POST",
    () => "/webhooks",
    ["webhooks"],
  );
  const remove = useStaffMutation<{ id: string }, null>("DELETE", ({ id }) => `/webhooks/${id}`, [
    "webhooks",
  ]);
  const rotate = useStaffMutation<{ id: string }, CreateWebhookResponse>(
    "POST",
    ({ id }) => `/webhooks/${id}/rotate-secret`,
    ["webhooks"],
  );
  const enable = useStaffMutation<{ id: string }, Webhook>(
    "POST",
    ({ id }) => `/webhooks/${id}/enable`,
    ["webhooks"],
  );
  const redeliver = useStaffMutation<{ id: string; deliveryId: string }, WebhookDelivery>(
    "POST",
    ({ id, deliveryId }) => `/webhooks/${id}/deliveries/${deliveryId}/redeliver`,
    ["webhooks"],
  );

  // The secret is the next thing to act on: take the keyboard there.
  useEffect(() => {
    if (shown) secretHeading.current?.focus();
  }, [shown]);

  const createError = create.error;
  const refused = invalidFields(createError);
  const urlRefused = refused.includes("url");
  const eventsRefused = refused.includes("events");
  const fieldError = urlRefused || eventsRefused;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const url = String(form.get("url") ?? "").trim();
    const events = form.getAll("events").map(String) as WebhookEventType[];
    setMessage(null);
    setMissing({ url: !url, events: events.length === 0 });
    if (!url || events.length === 0) return;
    setShown(null);
    create.mutate(
      { url, events },
      {
        onSuccess: (hook) => {
          setShown({ hook, rotated: false });
          setMessage(t("webhookRegistered"));
          formElement.reset();
        },
      },
    );
  };

  const onConfirm = () => {
    if (!confirming) return;
    const { hook, kind } = confirming;
    if (kind === "delete") {
      // Its delivery log closes first: left open, the refresh after the deletion would
      // read the log of an endpoint that is gone (a 404).
      if (open === hook.id) setOpen(null);
      remove.mutate(
        { id: hook.id },
        {
          onSuccess: () => {
            setConfirming(null);
            if (shown?.hook.id === hook.id) setShown(null);
            setMessage(t("webhookDeleted", { name: hook.url }));
          },
        },
      );
    } else {
      // The secret on show (if any) is about to stop being the one to copy.
      setShown(null);
      rotate.mutate(
        { id: hook.id },
        {
          onSuccess: (rotated) => {
            setConfirming(null);
            setMessage(null);
            setShown({ hook: rotated, rotated: true });
          },
        },
      );
    }
  };

  const copy = async () => {
    if (!shown) return;
    await navigator.clipboard.writeText(shown.hook.secret);
    setMessage(t("secretCopied"));
  };

  return (
    <>
      <PageHeading title={t("webhooksTitle")}>{t("webhooksTitle")}</PageHeading>
      <p className="meta">{t("webhooksHelp")}</p>
      <Outcome
        ok={message}
        error={
          (fieldError ? null : createError) ??
          remove.error ??
          rotate.error ??
          enable.error ??
          redeliver.error
        }
      />
      {shown && (
        <section className="notice notice-ok" aria-labelledby="webhook-secret-heading">
          <h2 id="webhook-secret-heading" ref={secretHeading} tabIndex={-1}>
            {t("webhookSecretOf", { name: shown.hook.url })}
          </h2>
          <p>{t("webhookSecretShownOnce")}</p>
          {shown.rotated && shown.hook.previousSecretUntil && (
            <p>{t("webhookOldSecretUntil", { date: when(shown.hook.previousSecretUntil) })}</p>
          )}
          <p>
            <code className="api-key-secret" data-testid="webhook-secret">
              {shown.hook.secret}
            </code>
          </p>
          <button type="button" onClick={copy}>
            {t("copySecret")}
          </button>
        </section>
      )}
      {confirming && (
        <section className="notice" role="alertdialog" aria-labelledby="webhook-question">
          <p id="webhook-question" ref={webhookQuestion} tabIndex={-1}>
            {confirming.kind === "delete"
              ? t("confirmDeleteWebhook", { name: confirming.hook.url })
              : t("confirmRotateSecret", { name: confirming.hook.url })}
          </p>
          <button
            type="button"
            className="primary"
            disabled={remove.isPending || rotate.isPending}
            onClick={onConfirm}
          >
            {confirming.kind === "delete" ? t("confirmDeleteWebhookYes") : t("confirmRotateYes")}
          </button>{" "}
          <button type="button" onClick={() => setConfirming(null)}>
            {t("keepAsItIs")}
          </button>
        </section>
      )}
      <h2>{t("webhookEndpoints")}</h2>
      {hooks.data && hooks.data.length === 0 ? (
        <p>{t("noWebhooks")}</p>
      ) : (
        <ul className="webhook-list">
          {(hooks.data ?? []).map((hook) => (
            <li key={hook.id} className="webhook">
              <h3 id={`webhook-${hook.id}`} className="webhook-url">
                {hook.url}
              </h3>
              <p className="meta">{t("webhookCreatedOn", { date: when(hook.createdAt) })}</p>
              <p>
                <strong>{t("webhookEvents")}:</strong>{" "}
                {hook.events
                  .map((type) => {
                    const key = eventLabel(type);
                    return key ? t(key) : type;
                  })
                  .join("; ")}
              </p>
              {hook.disabledAt ? (
                <div className="notice notice-error">
                  <p>
                    <strong>{t("webhookDisabledOn", { date: when(hook.disabledAt) })}</strong>
                  </p>
                  {hook.disabledReason && (
                    <p>
                      {t("webhookDisabledWhy")}{" "}
                      <code lang="en" className="webhook-answer">
                        {hook.disabledReason}
                      </code>
                    </p>
                  )}
                  <p>{t("webhookEnableHelp")}</p>
                  <button
                    type="button"
                    className="primary"
                    disabled={enable.isPending}
                    aria-label={`${t("enableWebhook")}: ${hook.url}`}
                    onClick={() => {
                      setMessage(null);
                      enable.mutate(
                        { id: hook.id },
                        {
                          onSuccess: () => setMessage(t("webhookEnabled", { name: hook.url })),
                        },
                      );
                    }}
                  >
                    {t("enableWebhook")}
                  </button>
                </div>
              ) : (
                <p>{t("webhookSending")}</p>
              )}
              {hook.previousSecretUntil && (
                <p className="meta">
                  {t("webhookOldSecretUntil", { date: when(hook.previousSecretUntil) })}
                </p>
              )}
              <div className="webhook-actions">
                <button
                  type="button"
                  aria-expanded={open === hook.id}
                  aria-controls={`deliveries-${hook.id}`}
                  aria-label={`${t("deliveryLog")}: ${hook.url}`}
                  onClick={() => setOpen(open === hook.id ? null : hook.id)}
                >
                  {t("deliveryLog")}
                </button>
                <button
                  type="button"
                  aria-label={`${t("rotateSecret")}: ${hook.url}`}
                  onClick={() => {
                    setMessage(null);
                    setConfirming({ kind: "rotate", hook });
                  }}
                >
                  {t("rotateSecret")}
                </button>
                <button
                  type="button"
                  aria-label={`${t("deleteWebhook")}: ${hook.url}`}
                  onClick={() => {
                    setMessage(null);
                    setConfirming({ kind: "delete", hook });
                  }}
                >
                  {t("deleteWebhook")}
                </button>
              </div>
              <div id={`deliveries-${hook.id}`}>
                {open === hook.id && (
                  <DeliveryLog
                    hook={hook}
                    redeliverPending={redeliver.isPending}
                    onRedeliver={(delivery) => {
                      setMessage(null);
                      redeliver.mutate(
                        { id: hook.id, deliveryId: delivery.id },
                        { onSuccess: () => setMessage(t("redeliverQueued")) },
                      );
                    }}
                  />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("registerWebhook")}</h2>
      <form className="staff-form" noValidate onSubmit={onSubmit}>
        <Field
          label={t("webhookUrl")}
          hint={t("webhookUrlHint")}
          required
          error={missing.url ? t("fieldRequired") : urlRefused ? t("webhookUrlRefused") : undefined}
        >
          {(props) => (
            <input
              {...props}
              name="url"
              type="url"
              inputMode="url"
              autoComplete="off"
              maxLength={2000}
            />
          )}
        </Field>
        {urlRefused && (
          <p className="meta">
            {t("serverExplanation")} <span lang="en">{serverDetail(createError, "url")}</span>
          </p>
        )}
        <fieldset aria-describedby={missing.events || eventsRefused ? "events-error" : undefined}>
          <legend>{t("webhookEvents")}</legend>
          {(missing.events || eventsRefused) && (
            <p id="events-error" className="field-error">
              {t("webhookEventsRequired")}
            </p>
          )}
          {eventTypes.map((type) => (
            <label key={type} className="choice">
              <input type="checkbox" name="events" value={type} /> {t(eventKey[type])}{" "}
              <code>{type}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t("registerWebhook")}
        </button>
      </form>
    </>
  );
}

const deliveryStatusKey: Record<WebhookDelivery["status"], StaffMessageKey> = {
  sent: "deliverySent",
  pending: "deliveryPending",
  failed: "deliveryFailed",
};

/** An endpoint's latest deliveries, each attempt with the receiver's answer. */
function DeliveryLog({
  hook,
  onRedeliver,
  redeliverPending,
}: {
  hook: Webhook;
  onRedeliver: (delivery: WebhookDelivery) => void;
  redeliverPending: boolean;
}) {
  const t = useStaffT();
  const { longDate, time } = useI18n();
  const deliveries = useWebhookDeliveries(hook.id);
  const when = (iso: string) => `${longDate(iso)} ${time(iso)}`;
  return (
    <section className="webhook-log" aria-labelledby={`log-${hook.id}`}>
      <h4 id={`log-${hook.id}`}>{t("deliveriesTo", { name: hook.url })}</h4>
      {deliveries.isError && <Outcome error={deliveries.error} />}
      {deliveries.data && deliveries.data.length === 0 && <p>{t("noDeliveries")}</p>}
      <ol className="webhook-deliveries">
        {(deliveries.data ?? []).map((delivery) => {
          const label = eventLabel(delivery.type);
          return (
            <li key={delivery.id} className="webhook-delivery" data-testid="webhook-delivery">
              <p>
                <strong>{label ? t(label) : delivery.type}</strong> <code>{delivery.type}</code>
                {" · "}
                {when(delivery.createdAt)}
              </p>
              <p>
                {t("deliveryState")}: <strong>{t(deliveryStatusKey[delivery.status])}</strong>
                {" · "}
                {t("attempts", { count: delivery.attempts })}
                {delivery.nextAttemptAt && (
                  <> · {t("deliveryNextAttempt", { date: when(delivery.nextAttemptAt) })}</>
                )}
              </p>
              {delivery.log.length > 0 && (
                <ol className="webhook-attempts" aria-label={t("deliveryAttempts")}>
                  {delivery.log.map((attempt, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows at its end and is never reordered; two attempts may share a time
                    <li key={index} data-testid="webhook-attempt">
                      {when(attempt.at)}
                      {" · "}
                      {attempt.status === null
                        ? t("attemptNoAnswer")
                        : t("attemptHttpStatus", { status: String(attempt.status) })}
                      {" · "}
                      {t("attemptDuration", { n: attempt.durationMs })}
                      {attempt.answer && (
                        <>
                          {" · "}
                          {t("attemptAnswer")}:{" "}
                          <code lang="en" className="webhook-answer">
                            {attempt.answer}
                          </code>
                        </>
                      )}
                    </li>
                  ))}
                </ol>
              )}
              <button
                type="button"
                disabled={redeliverPending}
                aria-label={`${t("redeliver")}: ${label ? t(label) : delivery.type}, ${when(delivery.createdAt)}`}
                onClick={() => onRedeliver(delivery)}
              >
                {t("redeliver")}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
