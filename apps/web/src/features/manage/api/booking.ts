import type { Booking } from "@pieraksts/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiPost } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

const key = (reference: string) => ["booking", reference];

export function useBooking(reference: string, token: string | undefined) {
  const { lang } = useI18n();
  return useQuery({
    queryKey: [...key(reference), lang],
    queryFn: ({ signal }) =>
      apiGet<Booking>(`/api/v1/bookings/${encodeURIComponent(reference)}`, {
        language: lang,
        token,
        signal,
      }),
    enabled: Boolean(token),
    retry: false,
  });
}

export function useBookingAction(reference: string, token: string) {
  const { lang } = useI18n();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: { kind: "cancel" } | { kind: "reschedule"; start: string }) =>
      apiPost<Booking>(
        `/api/v1/bookings/${encodeURIComponent(reference)}/${action.kind}`,
        action.kind === "reschedule" ? { start: action.start } : {},
        { language: lang, token },
      ),
    onSuccess: (booking) => {
      queryClient.setQueryData([...key(reference), lang], booking);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["availability"] }),
  });
}
