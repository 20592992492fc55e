/**
 * Parsing request frames and writing responses (docs/protocol.md §1). A frame that cannot be used yields a
 * HeraldError with as much of the request (id, op) as could be read, so the error response still correlates.
 */
import { ErrorCatalogue, heraldError, isHeraldError, type ErrorCode, type HeraldError } from '@herald/protocol';

export type RequestId = string | number | null;

export interface RequestFrame {
  id: RequestId;
  op: string;
  data: Record<string, unknown>;
}

export type ParsedFrame = { ok: true; request: RequestFrame } | { ok: false; id: RequestId; op: string | null; error: HeraldError };

/** Tencent's SDK codes for failures the catalogue has no IM code for: 6017 invalid parameters, 7012 internal. */
const INVALID_PARAMETERS = 6017;
const INTERNAL_ERROR = 7012;

export function parseFrame(text: string): ParsedFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, id: null, op: null, error: heraldError('WS_FRAME_MALFORMED', 'The frame is not valid JSON') };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, id: null, op: null, error: heraldError('WS_FRAME_MALFORMED', 'The frame is not a JSON object') };
  }
  const frame = raw as Record<string, unknown>;
  const idValue = frame['id'];
  const id: RequestId = typeof idValue === 'string' || (typeof idValue === 'number' && Number.isFinite(idValue)) ? idValue : null;
  if (idValue !== undefined && id === null) {
    return { ok: false, id: null, op: null, error: heraldError('WS_FRAME_MALFORMED', 'id must be a string or a number') };
  }
  const op = frame['op'];
  if (typeof op !== 'string' || op.length === 0) {
    return { ok: false, id, op: null, error: heraldError('WS_FRAME_MALFORMED', 'op is missing or not a string') };
  }
  const data = frame['data'] ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, id, op, error: heraldError('WS_FRAME_MALFORMED', 'data must be an object') };
  }
  return { ok: true, request: { id, op, data: data as Record<string, unknown> } };
}

/** The IM code of a code from the catalogue: its own, or Tencent's generic one for its kind. */
export function imCodeOf(code: ErrorCode): number {
  const entry: { status: number; imCode?: number } = ErrorCatalogue[code];
  if (entry.imCode !== undefined) return entry.imCode;
  return entry.status >= 500 ? INTERNAL_ERROR : INVALID_PARAMETERS;
}

/** The IM code one error is answered with: its own override (a webhook's 120001–130000) before the catalogue's. */
export function imCodeOfError(error: HeraldError): number {
  return error.imCode ?? imCodeOf(error.code);
}

export function okResponse(id: RequestId, op: string, data: unknown): string {
  return JSON.stringify({ id, op, code: 0, data: data ?? {} });
}

export function errorResponse(id: RequestId, op: string | null, err: unknown): string {
  const error = isHeraldError(err) ? err : heraldError('INTERNAL');
  return JSON.stringify({ id, op, code: imCodeOfError(error), codeName: error.code, message: error.message });
}
