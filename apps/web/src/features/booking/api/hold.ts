import type { CreateHoldRequest, CreateHoldResponse } from "@pieraksts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { apiPost } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/** The time this tab keeps while its form is filled in (decision 022). */
export type HeldTime = CreateHoldRequest & CreateHoldResponse;

const storageKey = "pieraksts.hold";

/** The hold this tab took, if any; it survives a reload of the form. */
export function heldTime(): HeldTime | null {
  try {
    const stored = sessionStorage.getItem(storageKey);
    return stored ? (JSON.parse(stored) as HeldTime) : null;
  } catch {
    return null;
  }
}

function remember(hold: HeldTime | null) {
  try {
    if (hold) sessionStorage.setItem(storageKey, JSON.stringify(hold));
    else sessionStorage.removeItem(storageKey);
  } catch {
    // Storage refused (a private window): the hold still works until the page goes.
  }
}

/** The hold has become the booking. */
export function forgetHeldTime() {
  remember(null);
}

/**
 * Gives the held time back, best effort: `keepalive` lets the request finish when the
 * page goes, and an unanswered one expires by itself.
 */
export function releaseHeldTime(): Promise<void> | undefined {
  const hold = heldTime();
  if (!hold) return undefined;
  remember(null);
  return fetch("/api/v1/holds/release", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ holdToken: hold.holdToken }),
    keepalive: true,
  }).then(
    () => {},
    () => {},
  );
}

/** Back at choosing a time: the time kept for the form is given back, and the times read again. */
export function useReleaseHeldTime() {
  const queryClient = useQueryClient();
  useEffect(() => {
    releaseHeldTime()?.then(() => queryClient.invalidateQueries({ queryKey: ["availability"] }));
  }, [queryClient]);
}

/** Keeps a time for this client; a time kept before is given back first. */
export function useTakeHold() {
  const { lang } = useI18n();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: CreateHoldRequest) => {
      releaseHeldTime();
      const hold = await apiPost<CreateHoldResponse>("/api/v1/holds", request, {
        language: lang,
      });
      remember({ ...request, ...hold });
      return hold;
    },
    // Refused or not, the free places have changed.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["availability"] }),
  });
}
