import type {
  AdminFailedMessagesResponse,
  AdminService,
  AdminServicePoint,
  ApiKey,
  ApiKeyLimitsResponse,
  AuditListResponse,
  AvailabilityResponse,
  ChangePasswordRequest,
  Closure,
  OrganisationSettings,
  Schedule,
  StaffBookingKind,
  StaffBookingMessagesResponse,
  StaffDayResponse,
  StaffLoginRequest,
  StaffMeResponse,
  StaffSessionStateResponse,
  StaffUser,
  Webhook,
  WebhookDelivery,
} from "@pieraksts/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n/i18n.tsx";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Staff calls: the session cookie goes by itself; changes also carry the CSRF token. */
export function useStaffApi() {
  const { lang } = useI18n();
  const queryClient = useQueryClient();
  return <T>(method: Method, path: string, body?: unknown, signal?: AbortSignal) => {
    const csrf = queryClient.getQueryData<StaffMeResponse>(["staff", "me"])?.csrfToken;
    return api<T>(method, `/api/v1/staff${path}`, {
      language: lang,
      body,
      signal,
      cache: "no-store",
      csrf: method === "GET" ? undefined : csrf,
    }).catch((error: unknown) => {
      // The session ended (idle, signed out elsewhere, disabled): back to the sign-in form.
      if (error instanceof ApiError && error.status === 401 && path !== "/login") {
        queryClient.setQueryData(["staff", "me"], null);
      }
      throw error;
    });
  };
}

export function useMe() {
  const call = useStaffApi();
  return useQuery({
    queryKey: ["staff", "me"],
    // /session answers 200 when signed out, so the browser logs no failed request.
    queryFn: async ({ signal }) =>
      (await call<StaffSessionStateResponse>("GET", "/session", undefined, signal)).session,
    retry: false,
    staleTime: 60_000,
  });
}

export function useSignIn() {
  const call = useStaffApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StaffLoginRequest) => call<StaffMeResponse>("POST", "/login", body),
    onSuccess: (me) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] === "staff-data" });
      queryClient.setQueryData(["staff", "me"], me);
    },
  });
}

export function useSignOut() {
  const call = useStaffApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call<null>("POST", "/logout"),
    onSettled: () => {
      queryClient.setQueryData(["staff", "me"], null);
      // Only queries nothing shows: removing one a mounted page still watches makes that
      // page fetch it again, signed out (a 401). The rest are dropped once unmounted
      // (garbage collection) or at the next sign-in, which removes every staff query.
      queryClient.removeQueries({
        predicate: (q) => q.queryKey[0] === "staff-data",
        type: "inactive",
      });
      queryClient.invalidateQueries({ queryKey: ["staff", "me"] });
    },
  });
}

/** Changes one's own password; the other sessions end, this one goes on (same token). */
export function useChangePassword() {
  const call = useStaffApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => call<StaffMeResponse>("POST", "/password", body),
    onSuccess: (me) => queryClient.setQueryData(["staff", "me"], me),
  });
}

/** Every query of staff data starts with "staff-data", so sign-out forgets all of it. */
function useStaffQuery<T>(key: unknown[], path: string | null, refetchInterval?: number) {
  const call = useStaffApi();
  const { lang } = useI18n();
  return useQuery({
    queryKey: ["staff-data", ...key, lang],
    queryFn: ({ signal }) => call<T>("GET", path ?? "", undefined, signal),
    enabled: path !== null,
    staleTime: 0,
    refetchInterval,
  });
}

/**
 * How often an open day list is read again, so that bookings made online meanwhile
 * appear without a reload. The rows keep their keys, so the desk's place, focus and an
 * open cancel form stay as they were.
 */
export const dayRefreshMs = 20_000;

export const useStaffPoints = () =>
  useStaffQuery<AdminServicePoint[]>(["points"], "/service-points");

export const useDay = (point: string, date: string) =>
  useStaffQuery<StaffDayResponse>(
    ["day", point, date],
    point ? `/service-points/${point}/day?date=${date}` : null,
    dayRefreshMs,
  );

export const usePointServices = (point: string) =>
  useStaffQuery<AdminService[]>(
    ["services", point],
    point ? `/service-points/${point}/services` : null,
  );

export const useStaffAvailability = (
  point: string,
  service: string,
  date: string,
  kind: StaffBookingKind,
) =>
  useStaffQuery<AvailabilityResponse>(
    ["availability", point, service, date, kind],
    point && service && date
      ? `/availability?servicePoint=${point}&service=${service}&date=${date}&kind=${kind}`
      : null,
  );

export const useClosures = (point: string) =>
  useStaffQuery<Closure[]>(["closures", point], point ? `/closures?servicePoint=${point}` : null);

export const useSchedules = (point: string) =>
  useStaffQuery<Schedule[]>(
    ["schedules", point],
    point ? `/service-points/${point}/schedules` : null,
  );

export const useStaffUsers = () => useStaffQuery<StaffUser[]>(["users"], "/users");

export const useApiKeys = () => useStaffQuery<ApiKey[]>(["api-keys"], "/api-keys");
export const useApiKeyLimits = () =>
  useStaffQuery<ApiKeyLimitsResponse>(["api-key-limits"], "/api-keys/limits");

export const useWebhooks = () => useStaffQuery<Webhook[]>(["webhooks"], "/webhooks");

/** How often an open delivery log is read again: the worker sends in the background. */
export const deliveriesRefreshMs = 3_000;

export const useWebhookDeliveries = (id: string | null) =>
  useStaffQuery<WebhookDelivery[]>(
    ["webhooks", "deliveries", id],
    id ? `/webhooks/${id}/deliveries` : null,
    deliveriesRefreshMs,
  );
export const useBookingMessages = (reference: string | null) =>
  useStaffQuery<StaffBookingMessagesResponse>(
    ["messages", reference],
    reference ? `/bookings/${reference}/messages` : null,
  );

export const useFailedMessages = () =>
  useStaffQuery<AdminFailedMessagesResponse>(["failed-messages"], "/messages/failed");

export const useOrganisationSettings = () =>
  useStaffQuery<OrganisationSettings>(["organisation"], "/organisation");

export const useAudit = (query: string) =>
  useStaffQuery<AuditListResponse>(["audit", query], `/audit?${query}`);

/** A change, after which the staff data it touches is read again. */
export function useStaffMutation<TBody, TResult>(
  method: Method,
  path: (body: TBody) => string,
  refresh: string[] = [],
) {
  const call = useStaffApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) =>
      call<TResult>(method, path(body), method === "DELETE" ? undefined : body),
    onSettled: () =>
      Promise.all(
        refresh.map((key) => queryClient.invalidateQueries({ queryKey: ["staff-data", key] })),
      ),
  });
}
