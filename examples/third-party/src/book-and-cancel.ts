import createClient from "openapi-fetch";
import type { paths } from "./generated/api.d.ts";

/**
 * What a third party writes with nothing but the published OpenAPI document: a typed
 * client (openapi-typescript + openapi-fetch) that books a client's visit with an API key
 * (scope bookings:write), reads it back by reference, and cancels it, without ever
 * handling the client's manage token.
 */
export async function bookAndCancel(options: {
  baseUrl: string;
  apiKey: string;
  servicePoint: string;
  service: string;
  from: string;
  to: string;
  client: { name: string; phone: string };
}) {
  const api = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { "X-API-Key": options.apiKey },
  });

  const { data: availability, error: availabilityError } = await api.GET("/api/v1/availability", {
    params: {
      query: {
        servicePoint: options.servicePoint,
        service: options.service,
        from: options.from,
        to: options.to,
      },
    },
  });
  if (!availability) throw new Error(`availability: ${availabilityError?.code}`);
  const slot = availability.days.flatMap((day) => day.slots)[0];
  if (!slot) throw new Error("no free time in that range");

  const { data: booking, error: bookingError } = await api.POST("/api/v1/bookings", {
    params: { header: { "idempotency-key": crypto.randomUUID() } },
    body: {
      servicePoint: options.servicePoint,
      service: options.service,
      start: slot.start,
      client: options.client,
      language: "lv",
    },
  });
  if (!booking) throw new Error(`booking: ${bookingError?.code}`);

  const { data: seen } = await api.GET("/api/v1/bookings/{reference}", {
    params: { path: { reference: booking.reference } },
  });

  const { data: cancelled, error: cancelError } = await api.POST(
    "/api/v1/bookings/{reference}/cancel",
    { params: { path: { reference: booking.reference } } },
  );
  if (!cancelled) throw new Error(`cancel: ${cancelError?.code}`);
  return {
    reference: booking.reference,
    start: booking.start,
    seenStatus: seen?.status,
    status: cancelled.status,
  };
}
