import type { FastifyPluginAsync } from "fastify";
import { clientAddress } from "../lib/client-address.ts";
import { parseShortLink, shortCodeMatches } from "../lib/messages/render-links.ts";

const TEN_MINUTES = 10 * 60_000;

/**
 * GET /s/{reference}{code}: the short manage link SMS carry (decision 024). With the right
 * code it redirects to the booking page's full link (the token in the fragment, as the
 * SPA reads it); otherwise to the page where a reference and token can be typed. Wrong
 * codes count against the same per-address limit as wrong manage tokens. Not part of the
 * JSON API, so not in the OpenAPI document.
 */
export const shortLinkRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { code: string } }>(
    "/s/:code",
    { schema: { hide: true } },
    async (request, reply) => {
      const ip = clientAddress(request);
      await app.rateLimiter.check(
        reply,
        `lookup-fail:${ip}`,
        app.config.RATE_LIMIT_FAILED_LOOKUPS_PER_10_MIN,
      );
      await app.rateLimiter.consume(
        reply,
        `lookup:${ip}`,
        app.config.RATE_LIMIT_LOOKUPS_PER_10_MIN,
        TEN_MINUTES,
      );
      reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer");
      const parsed = parseShortLink(request.params.code);
      const booking = parsed
        ? await app.db.prisma.booking.findUnique({
            where: { reference: parsed.reference },
            select: { reference: true, language: true, manageTokenSealed: true },
          })
        : null;
      const token = booking?.manageTokenSealed ? app.sealer.open(booking.manageTokenSealed) : null;
      if (parsed && booking && token && shortCodeMatches(parsed.code, token)) {
        return reply.redirect(
          `/${booking.language}/booking/${booking.reference}#token=${token}`,
          302,
        );
      }
      // An offer to a waiting-list entry links to the entry's page (decision 026).
      const entry = parsed
        ? await app.db.prisma.waitlistEntry.findUnique({
            where: { reference: parsed.reference },
            select: { reference: true, language: true, manageTokenSealed: true },
          })
        : null;
      const entryToken = entry?.manageTokenSealed ? app.sealer.open(entry.manageTokenSealed) : null;
      if (parsed && entry && entryToken && shortCodeMatches(parsed.code, entryToken)) {
        return reply.redirect(
          `/${entry.language}/waitlist/${entry.reference}#token=${entryToken}`,
          302,
        );
      }
      await app.rateLimiter.countFailure(`lookup-fail:${ip}`, TEN_MINUTES).catch(() => {});
      return reply.redirect(`/${request.language}/manage`, 302);
    },
  );
};
