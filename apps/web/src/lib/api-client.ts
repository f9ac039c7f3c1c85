import type { Problem } from "@pieraksts/contracts";

/** A failed API call: the problem the server sent, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem | null,
    readonly status: number,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === "object" && body !== null && "code" in body && "status" in body;
}

/**
 * GET a JSON resource. Types come from the shared zod contracts; the schemas themselves
 * are not shipped to the browser (they would double the first page's JavaScript), the
 * server validates what it sends.
 */
export async function apiGet<T>(
  path: string,
  options: { language: string; signal?: AbortSignal },
): Promise<T> {
  const response = await fetch(path, {
    headers: { accept: "application/json", "accept-language": options.language },
    signal: options.signal,
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(isProblem(body) ? body : null, response.status);
  return body as T;
}
