import type {
  CreateBookingResponse,
  JoinWaitlistRequest,
  JoinWaitlistResponse,
  WaitlistEntry,
} from "@pieraksts/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, apiGet, apiPost } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

const key = (reference: string) => ["waitlist", reference];

export function useJoinWaitlist() {
  const { lang } = useI18n();
  return useMutation({
    mutationFn: (body: JoinWaitlistRequest) =>
      apiPost<JoinWaitlistResponse>("/api/v1/waitlist", body, { language: lang }),
  });
}

export function useWaitlistEntry(reference: string, token: string | undefined) {
  const { lang } = useI18n();
  return useQuery({
    queryKey: [...key(reference), lang],
    queryFn: ({ signal }) =>
      apiGet<WaitlistEntry>(`/api/v1/waitlist/${encodeURIComponent(reference)}`, {
        language: lang,
        token,
        signal,
      }),
    enabled: Boolean(token),
    retry: false,
  });
}

export function useLeaveWaitlist(reference: string, token: string) {
  const { lang } = useI18n();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<null>("DELETE", `/api/v1/waitlist/${encodeURIComponent(reference)}`, {
        language: lang,
        token,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key(reference) }),
  });
}

/** Books the offered place with its hold's token, for the entry's own client. */
export function useConfirmOffer(entry: WaitlistEntry) {
  const { lang } = useI18n();
  return useMutation({
    mutationFn: () => {
      if (!entry.offer) throw new Error("No offer to confirm.");
      return apiPost<CreateBookingResponse>(
        "/api/v1/bookings",
        {
          servicePoint: entry.servicePoint,
          service: entry.service,
          start: entry.offer.start,
          client: {
            name: entry.client.name,
            phone: entry.client.phone,
            ...(entry.client.email ? { email: entry.client.email } : {}),
          },
          language: entry.language,
          holdToken: entry.offer.holdToken,
        },
        { language: lang },
      );
    },
  });
}
