/**
 * What the SDK throws for a failed call: the server's stable `code` (the catalogue in @herald/protocol), its
 * HTTP status and message. Network failures use code 'NETWORK' and status 0.
 */
export class HeraldClientError extends Error {
  override readonly name = 'HeraldError';
  readonly code: string;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, status: number, extra: { requestId?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.code = code;
    this.status = status;
    this.requestId = extra.requestId;
    this.details = extra.details;
  }
}

export function isHeraldClientError(value: unknown, code?: string): value is HeraldClientError {
  return value instanceof HeraldClientError && (code === undefined || value.code === code);
}
