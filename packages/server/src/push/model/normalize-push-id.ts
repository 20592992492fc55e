/**
 * Reads the task id of /v3/push/cancel_timing_task and /v3/push/stop_push_msg. The TPNS doc spells it `pushId`
 * in the table and `pushid` in the stop_push_msg example; both are accepted, and a numeric id is taken as text.
 */
import { asObject, invalidField, missingField } from './field-reader.ts';

/** Returns `{ pushId }` from a body carrying `pushId` or `pushid`. */
export function normalizePushIdBody(body: unknown): { pushId: string } {
  const b = asObject(body, 'body');
  const key = b['pushId'] !== undefined && b['pushId'] !== null ? 'pushId' : 'pushid';
  const v = b[key];
  if (v === undefined || v === null || v === '') throw missingField('pushId');
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return { pushId: String(v) };
  if (typeof v !== 'string') throw invalidField(key, 'must be a string');
  return { pushId: v };
}
