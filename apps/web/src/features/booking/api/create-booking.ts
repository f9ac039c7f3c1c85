import type { CreateBookingRequest, CreateBookingResponse } from "@pieraksts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { apiPost } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/**
 * 128 random bits as hex. crypto.randomUUID exists only on HTTPS and localhost, and a
 * municipality may serve the app over plain HTTP inside its network.
 */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

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
      if (last.current?.body !== body) last.current = { body, key: randomKey() };
      return apiPost<CreateBookingResponse>("/api/v1/bookings", request, {
        language: lang,
        idempotencyKey: last.current.key,
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["availability"] }),
  });
}
