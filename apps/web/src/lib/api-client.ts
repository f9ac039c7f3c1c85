import type { ErrorCode, Problem } from "@pieraksts/contracts";

/** A failed API call: the problem the server sent, or (status 0) no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem | null,
    readonly status: number,
  ) {
    super(problem?.detail ?? problem?.title ?? (status ? `HTTP ${status}` : "network error"));
  }
  get code(): ErrorCode | "NETWORK" | "UNKNOWN" {
    return this.problem?.code ?? (this.status === 0 ? "NETWORK" : "UNKNOWN");
  }
}

/**
 * The form fields a failed call names, without the "body." and "body.client." prefixes
 * (`name`, `phone`, `answers.x`): what a form keys its errors by.
 */
export function invalidFields(error: unknown): string[] {
  const errors = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  return errors.map((fieldError) => fieldError.field.replace(/^body\.(client\.)?/, ""));
}

function isProblem(body: unknown): body is Problem {
  return typeof body === "object" && body !== null && "code" in body && "status" in body;
}

interface RequestOptions {
  language: string;
  /** "no-cache" where a stale answer would mislead (free places after a booking). */
  cache?: RequestCache;
  signal?: AbortSignal;
  token?: string;
  idempotencyKey?: string;
  /** The staff session's CSRF token, for state-changing staff requests. */
  csrf?: string;
}

let firstPage: Record<string, unknown> | undefined;

/**
 * The answer the server put in the page for this request (apps/api/src/plugins/spa.ts),
 * taken once: the first render needs no round trip, and any later fetch goes to the API.
 */
export function firstPageAnswer(language: string, path: string): unknown {
  if (!firstPage) {
    const element =
      typeof document === "undefined" ? null : document.getElementById("first-page-data");
    try {
      firstPage = JSON.parse(element?.textContent || "{}") as Record<string, unknown>;
    } catch {
      firstPage = {};
    }
  }
  const key = `${language} ${path}`;
  const answer = firstPage[key];
  delete firstPage[key];
  return answer;
}

/**
 * Calls the API. Types come from the shared zod contracts; the schemas themselves are
 * not shipped to the browser (they would double the first page's JavaScript).
 */
export async function api<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  options: RequestOptions & { body?: unknown },
): Promise<T> {
  if (method === "GET" && !options.token) {
    const answer = firstPageAnswer(options.language, path);
    if (answer !== undefined) return answer as T;
  }
  const headers: Record<string, string> = {
    accept: "application/json",
    "accept-language": options.language,
  };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  if (options.csrf) headers["x-csrf-token"] = options.csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: options.cache,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(null, 0);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(isProblem(body) ? body : null, response.status);
  return body as T;
}

export const apiGet = <T>(path: string, options: RequestOptions) => api<T>("GET", path, options);
export const apiPost = <T>(path: string, body: unknown, options: RequestOptions) =>
  api<T>("POST", path, { ...options, body });

/** Fetches a file that needs the manage token and hands it to the browser as a download. */
export async function downloadWithToken(
  path: string,
  token: string,
  filename: string,
): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError(null, response.status);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
