import type { FastifyRequest } from "fastify";

/**
 * The request as the access log shows it: the path without its query string. Queries carry
 * personal data (`/staff/clients/export?phone=…`, searches by name), and the log is outside
 * retention's anonymisation, so no route's query is logged; the request id ties a line to
 * the request.
 */
export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    // A short manage link's path is its secret (decision 024).
    url: request.url.split("?", 1)[0]?.replace(/^\/s\/.+$/, "/s/…"),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
