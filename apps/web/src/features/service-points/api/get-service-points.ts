import type { ServicePoint } from "@pieraksts/contracts";
import { useQuery } from "@tanstack/react-query";
import { apiGet } from "../../../lib/api-client.ts";

export function useServicePoints(language: string) {
  return useQuery({
    queryKey: ["service-points", language],
    queryFn: ({ signal }) => apiGet<ServicePoint[]>("/api/v1/service-points", { language, signal }),
  });
}
