import type {
  AvailabilityResponse,
  Organisation,
  Service,
  ServicePoint,
} from "@pieraksts/contracts";
import { useQuery } from "@tanstack/react-query";
import { apiGet } from "./api-client.ts";
import { useI18n } from "./i18n/i18n.tsx";

export function useOrganisations() {
  const { lang } = useI18n();
  return useQuery({
    queryKey: ["organisations", lang],
    queryFn: ({ signal }) =>
      apiGet<Organisation[]>("/api/v1/organisations", { language: lang, signal }),
  });
}

export function useServicePoints(organisation: string) {
  const { lang } = useI18n();
  return useQuery({
    queryKey: ["service-points", organisation, lang],
    queryFn: ({ signal }) =>
      apiGet<ServicePoint[]>(
        `/api/v1/service-points?organisation=${encodeURIComponent(organisation)}`,
        {
          language: lang,
          signal,
        },
      ),
  });
}

export function useServices(servicePoint: string) {
  const { lang } = useI18n();
  return useQuery({
    queryKey: ["services", servicePoint, lang],
    queryFn: ({ signal }) =>
      apiGet<Service[]>(`/api/v1/services?servicePoint=${encodeURIComponent(servicePoint)}`, {
        language: lang,
        signal,
      }),
  });
}

export function useAvailability(servicePoint: string, service: string, from: string, to: string) {
  const { lang } = useI18n();
  return useQuery({
    queryKey: ["availability", servicePoint, service, from, to],
    queryFn: ({ signal }) =>
      apiGet<AvailabilityResponse>(
        `/api/v1/availability?servicePoint=${encodeURIComponent(servicePoint)}&service=${encodeURIComponent(service)}&from=${from}&to=${to}`,
        // The API lets proxies keep availability for 5 s; after a booking (or a lost race)
        // the browser must ask again rather than reuse its own copy.
        { language: lang, signal, cache: "no-cache" },
      ),
    staleTime: 5_000,
  });
}
