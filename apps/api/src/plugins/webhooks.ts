import type { WebhookEventData } from "@pieraksts/contracts";
import type { Prisma } from "@pieraksts/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { NewMessage } from "../lib/outbox/outbox.ts";
import {
  bookingEventData,
  type WebhookEventType,
  webhookMessages,
  webhookMessagesTo,
} from "../lib/webhooks/events.ts";
import type { BookingEventType, BookingRow } from "../routes/bookings/service.ts";

type Tx = Prisma.TransactionClient;

declare module "fastify" {
  interface FastifyInstance {
    webhooks: {
      /** An event's deliveries, written in the transaction of the change (outbox). */
      emit<T extends WebhookEventType>(
        tx: Tx,
        organisationId: string,
        type: T,
        data: WebhookEventData<T>,
      ): Promise<void>;
      /** For bookingService's onEvent. */
      onBookingEvent(tx: Tx, type: BookingEventType, row: BookingRow): Promise<void>;
      /** An event's deliveries to endpoints already looked up (a booking's one call). */
      bookingDeliveries(
        endpointIds: readonly string[],
        type: BookingEventType,
        row: BookingRow,
      ): NewMessage[];
    };
  }
}

export const webhooksPlugin = fp(async (app: FastifyInstance) => {
  const emit = async <T extends WebhookEventType>(
    tx: Tx,
    organisationId: string,
    type: T,
    data: WebhookEventData<T>,
  ) => {
    const messages = await webhookMessages(tx, organisationId, type, data, app.now());
    await app.outbox.enqueue(tx, messages);
  };
  app.decorate("webhooks", {
    emit,
    onBookingEvent: (tx: Tx, type: BookingEventType, row: BookingRow) =>
      emit(tx, row.servicePoint.organisationId, type, bookingEventData(row)),
    bookingDeliveries: (endpointIds: readonly string[], type: BookingEventType, row: BookingRow) =>
      webhookMessagesTo(
        endpointIds,
        row.servicePoint.organisationId,
        type,
        bookingEventData(row),
        app.now(),
      ),
  });
});
