/**
 * The one error type the console's API calls throw. It carries the server's catalogue code (`APP_EXISTS`,
 * `PRODUCT_AUTHORIZED`, …) so pages can react to a code rather than parse a message; failures that never reached
 * the server get codes of their own (`NETWORK`, `HTTP_<status>` for a body that is not Herald's error shape).
 */
export interface HeraldErrorBody {
  code: string;
  message: string;
  statusCode?: number;
  requestId?: string;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;
  /** From a 429's Retry-After header, in whole seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(o: { status: number; code: string; message: string; details?: Record<string, unknown>; requestId?: string; retryAfterSeconds?: number }) {
    super(o.message);
    this.status = o.status;
    this.code = o.code;
    this.details = o.details;
    this.requestId = o.requestId;
    this.retryAfterSeconds = o.retryAfterSeconds;
  }
}

export function isHeraldErrorBody(body: unknown): body is HeraldErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b['code'] === 'string' && typeof b['message'] === 'string';
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
