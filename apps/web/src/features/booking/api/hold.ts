import type { CreateHoldRequest, CreateHoldResponse } from "@pieraksts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { apiPost } from "../../../lib/api-client.ts";
import { forgetHeldTime, heldTime, keepHeldTime } from "../../../lib/held-time.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/**
 * Gives the held time back, best effort: `keepalive` lets the request finish when the
 * page goes, and an unanswered one expires by itself.
 */
export function releaseHeldTime(): Promise<void> | undefined {
  const hold = heldTime();
  if (!hold) return undefined;
  forgetHeldTime();
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

/**
 * Back at choosing a time: the time kept for the form is given back, and the times read
 * again. A read already under way may have been answered before the release: it is
 * cancelled and made anew (invalidating alone would keep it when the list has no data
 * yet, as after a long form, when the cache had dropped the times; a CI run showed the
 * given-back time missing then).
 */
export function useReleaseHeldTime() {
  const queryClient = useQueryClient();
  useEffect(() => {
    releaseHeldTime()?.then(async () => {
      await queryClient.cancelQueries({ queryKey: ["availability"] });
      await queryClient.invalidateQueries({ queryKey: ["availability"] });
    });
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
      keepHeldTime({ ...request, ...hold });
      return hold;
    },
    // Refused or not, the free places have changed.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["availability"] }),
  });
}
