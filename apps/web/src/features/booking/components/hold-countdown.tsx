import { useEffect, useState } from "react";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

const MINUTE = 60_000;

/** What a screen reader is told, once each: five minutes left, one, and the end. */
function stageOf(left: number): "kept" | "five" | "one" | "over" {
  if (left <= 0) return "over";
  if (left <= MINUTE) return "one";
  if (left <= 5 * MINUTE) return "five";
  return "kept";
}

/**
 * Until when the chosen time is kept. The visible clock ticks every second but is not
 * announced (role timer); a polite live region speaks only when five minutes are left,
 * one minute, and when the time is no longer kept.
 */
export function HoldCountdown({ expiresAt }: { expiresAt: string }) {
  const { t, time } = useI18n();
  const end = Date.parse(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, end - now);
  const stage = stageOf(left);
  const seconds = Math.ceil(left / 1000);
  const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  const announcement =
    stage === "five"
      ? t("holdMinutesLeft", { minutes: 5 })
      : stage === "one"
        ? t("holdMinutesLeft", { minutes: 1 })
        : stage === "over"
          ? t("holdExpired")
          : "";
  return (
    <div className={`hold${stage === "over" ? " hold-over" : ""}`}>
      {stage === "over" ? (
        <p>{t("holdExpired")}</p>
      ) : (
        <p>
          {t("holdKeptUntil", { time: time(expiresAt) })}{" "}
          <span role="timer" className="hold-clock">
            {t("holdTimeLeft", { time: clock })}
          </span>
        </p>
      )}
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
