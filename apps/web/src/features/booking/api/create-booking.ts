import type { CreateBookingRequest, CreatedBooking } from "@pieraksts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { apiPost } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/**
 * Posts the booking with an Idempotency-Key: a retry of the same form (a double click, a
 * lost answer) replays the first result instead of booking twice; a changed form gets a
 * new key.
 */
export function useCreateBooking() {
  const { lang } = useI18n();
  const queryClient = useQueryClient();
  const last = useRef<{ body: string; key: string } | null>(null);
  return useMutation({
    mutationFn: (request: CreateBookingRequest) => {
      const body = JSON.stringify(request);
      if (last.current?.body !== body) last.current = { body, key: crypto.randomUUID() };
      return apiPost<CreatedBooking>("/api/v1/bookings", request, {
        language: lang,
        idempotencyKey: last.current.key,
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["availability"] }),
  });
}
