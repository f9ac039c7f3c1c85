import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server (the `smtp-server` package) for tests: it speaks the protocol, parses
 * what it receives (mailparser), and can be down, slow to greet, or refuse.
 */
export interface MailCatcher {
  port: number;
  url: string;
  received: ParsedMail[];
  /** Milliseconds to wait before greeting a connection (a slow server). */
  greetingDelayMs: number;
  /** An SMTP code to refuse the message's data with (e.g. 451 or 550); 0 accepts. */
  refuseWith: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
}

export async function mailCatcher(port: number): Promise<MailCatcher> {
  let server: SMTPServer | undefined;
  const catcher: MailCatcher = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received: [],
    greetingDelayMs: 0,
    refuseWith: 0,
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        onConnect(_session, callback) {
          if (catcher.greetingDelayMs > 0) setTimeout(() => callback(), catcher.greetingDelayMs);
          else callback();
        },
        onData(stream, _session, callback) {
          simpleParser(stream).then(
            (mail) => {
              if (catcher.refuseWith) {
                const error = Object.assign(new Error("Refused by the test"), {
                  responseCode: catcher.refuseWith,
                });
                callback(error);
                return;
              }
              catcher.received.push(mail);
              callback();
            },
            (error: Error) => callback(error),
          );
        },
      });
      const started = server;
      await new Promise<void>((resolve, reject) => {
        started.once("error", reject);
        started.listen(port, "127.0.0.1", () => resolve());
      });
    },
    async stop() {
      const stopping = server;
      server = undefined;
      if (stopping) await new Promise<void>((resolve) => stopping.close(() => resolve()));
    },
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (catcher.received.length < count && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return catcher.received;
    },
  };
  return catcher;
}

export interface SmsReceived {
  to: string;
  text: string;
}

/**
 * An HTTP server standing in for an SMS gateway (the one stand-in the standards allow):
 * it answers `status` with `answer`, or holds each request `holdMs` before answering.
 */
export interface GatewayReceiver {
  url: string;
  received: SmsReceived[];
  /** Requests that arrived, answered or not. */
  requests: number;
  status: number;
  answer: string;
  holdMs: number;
  close(): Promise<void>;
}

export async function gatewayReceiver(port = 0): Promise<GatewayReceiver> {
  const held = new Set<ServerResponse>();
  const receiver: GatewayReceiver = {
    url: "",
    received: [],
    requests: 0,
    status: 200,
    answer: '{"id":"msg-1"}',
    holdMs: 0,
    close: async () => {},
  };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => {
      raw += chunk;
    });
    request.on("end", () => {
      receiver.requests += 1;
      const status = receiver.status;
      const answer = receiver.answer;
      const reply = () => {
        held.delete(response);
        if (response.destroyed) return;
        if (status >= 200 && status < 300) receiver.received.push(JSON.parse(raw) as SmsReceived);
        // No keep-alive: a gateway that goes down then refuses the next connection.
        response
          .writeHead(status, { "content-type": "application/json", connection: "close" })
          .end(answer);
      };
      held.add(response);
      if (receiver.holdMs > 0) setTimeout(reply, receiver.holdMs).unref();
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  receiver.close = async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

export interface WebhookReceived {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver of webhook deliveries answering `status` (changeable), keeping what it got. */
export async function webhookReceiver(port = 0) {
  const received: WebhookReceived[] = [];
  let status = 200;
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(status, { "content-type": "text/plain" }).end(`answer ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    received,
    url: `http://127.0.0.1:${address.port}/hook`,
    port: address.port,
    answer(next: number) {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
