import { type Language, negotiateLanguage } from "@pieraksts/contracts";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

declare module "fastify" {
  interface FastifyRequest {
    /** The client's language from Accept-Language: lv (default), ru or en. */
    language: Language;
  }
}

export const languagePlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest("language", "lv");
  app.addHook("onRequest", async (request, reply) => {
    request.language = negotiateLanguage(request.headers["accept-language"]);
    reply.header("content-language", request.language);
    reply.header("vary", "Accept-Language");
  });
});
