/**
 * Every error Herald returns is a HeraldError made from the catalogue in `catalogue.ts`: a stable string
 * `code`, an HTTP status, and, on the TPNS-compatible API, the numeric `ret_code` TPNS uses for that failure.
 */
import { ErrorCatalogue, type ErrorCode } from './catalogue.ts';

export class HeraldError extends Error {
  override readonly name = 'HeraldError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly retCode: number;
  /** Tencent IM ErrorCode for the IM APIs; undefined when the catalogue gives none. */
  readonly imCode: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  /**
   * `imCode` replaces the catalogue's IM code for this one error: a webhook's own ErrorCode (120001–130000) is
   * passed through to the sender that way.
   */
  constructor(code: ErrorCode, message?: string, options?: { details?: Record<string, unknown>; cause?: unknown; imCode?: number }) {
    const entry = ErrorCatalogue[code];
    super(message ?? entry.message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = entry.status;
    this.retCode = entry.retCode;
    this.imCode = options?.imCode ?? ('imCode' in entry ? entry.imCode : undefined);
    this.details = options?.details;
  }
}

export function isHeraldError(value: unknown, code?: ErrorCode): value is HeraldError {
  return value instanceof HeraldError && (code === undefined || value.code === code);
}

/** Shorthand used at the edges: `throw heraldError('PUSH_PARAM_INVALID', 'tag_rules[0] …')`. */
export function heraldError(code: ErrorCode, message?: string, details?: Record<string, unknown>): HeraldError {
  return new HeraldError(code, message, details === undefined ? undefined : { details });
}
