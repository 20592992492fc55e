/**
 * The console's only way to the server: same-origin fetch with the session cookie, the CSRF token on every
 * unsafe method, JSON in and out, and every failure turned into an ApiError. A 401 on an ordinary call means the
 * session is gone (expired, signed out elsewhere, server restarted), so it is reported to `onUnauthorized`, which
 * sends the user back to sign-in; calls where 401 is an answer (signing in, asking whether a session exists) opt
 * out with `unauthorizedIsAnswer`.
 */
import { ApiError, isHeraldErrorBody, parseRetryAfter } from './api-error.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** A 401 is an expected answer of this call, not a lost session. */
  unauthorizedIsAnswer?: boolean;
  signal?: AbortSignal;
}

export interface ApiClient {
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>;
  /** The token of the current session; sent as X-CSRF-Token on POST, PUT, PATCH and DELETE. */
  setCsrfToken(token: string | undefined): void;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  onUnauthorized?: (error: ApiError) => void;
}

export const CSRF_HEADER = 'X-CSRF-Token';

export function isUnsafeMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  // Looked up at call time so a test (or a polyfill) that replaces window.fetch later is honoured.
  const doFetch = (input: string, init: RequestInit): Promise<Response> => (options.fetch ?? globalThis.fetch)(input, init);
  let csrfToken: string | undefined;

  return {
    setCsrfToken(token) {
      csrfToken = token;
    },
    async request<T>(method: HttpMethod, path: string, o: RequestOptions = {}): Promise<T> {
      const headers: Record<string, string> = { accept: 'application/json' };
      // A FormData body (a file upload) goes as multipart, its boundary set by fetch; anything else as JSON.
      const multipart = o.body instanceof FormData;
      if (o.body !== undefined && !multipart) headers['content-type'] = 'application/json';
      if (isUnsafeMethod(method) && csrfToken !== undefined) headers[CSRF_HEADER] = csrfToken;
      let response: Response;
      try {
        response = await doFetch(withQuery(path, o.query), {
          method,
          headers,
          credentials: 'same-origin',
          ...(o.body === undefined ? {} : { body: multipart ? (o.body as FormData) : JSON.stringify(o.body) }),
          ...(o.signal === undefined ? {} : { signal: o.signal }),
        });
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') throw err;
        throw new ApiError({ status: 0, code: 'NETWORK', message: 'The server could not be reached. Check your connection and try again.' });
      }
      if (response.ok) return (await readBody(response)) as T;
      const error = await toApiError(response);
      if (response.status === 401 && o.unauthorizedIsAnswer !== true) options.onUnauthorized?.(error);
      throw error;
    },
  };
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const qs = params.toString();
  return qs === '' ? path : `${path}?${qs}`;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError({ status: response.status, code: 'RESPONSE_MALFORMED', message: 'The server answered with something that is not JSON.' });
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text()) as unknown;
  } catch {
    body = undefined;
  }
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  const common = { status: response.status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  if (isHeraldErrorBody(body)) {
    return new ApiError({
      ...common,
      code: body.code,
      message: body.message,
      ...(body.details === undefined ? {} : { details: body.details }),
      ...(body.requestId === undefined ? {} : { requestId: body.requestId }),
    });
  }
  return new ApiError({ ...common, code: `HTTP_${response.status}`, message: `The server answered ${response.status} ${response.statusText}`.trim() });
}
