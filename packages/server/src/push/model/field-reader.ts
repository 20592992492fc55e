/**
 * Small readers for untrusted JSON bodies. Every failure is a HeraldError whose message starts with the field
 * path (`token_list[3]: longer than 36 characters`), so TPNS clients see which field was wrong.
 */
import { heraldError, type HeraldError } from '@herald/protocol';

export type JsonObject = Record<string, unknown>;

/** A required field is absent (or an empty list where one is required): ret_code 1008002. */
export function missingField(path: string, reason = 'required'): HeraldError {
  return heraldError('REQUEST_PARAM_MISSING', `${path}: ${reason}`);
}

/** A field has the wrong type or value: ret_code 1008007. */
export function invalidField(path: string, reason: string): HeraldError {
  return heraldError('REQUEST_PARAM_INVALID', `${path}: ${reason}`);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body itself must be a JSON object; no value at all (an empty request body) is a missing one. */
export function asObject(value: unknown, path: string): JsonObject {
  if (value === undefined) throw missingField(path);
  if (!isObject(value)) throw invalidField(path, 'must be a JSON object');
  return value;
}

export function optionalObject(obj: JsonObject, key: string, path: string): JsonObject | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  return asObject(v, path);
}

export function requiredObject(obj: JsonObject, key: string, path: string): JsonObject {
  const v = optionalObject(obj, key, path);
  if (v === undefined) throw missingField(path);
  return v;
}

export function optionalString(obj: JsonObject, key: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidField(path, 'must be a string');
  return v;
}

export function requiredString(obj: JsonObject, key: string, path: string): string {
  const v = optionalString(obj, key, path);
  if (v === undefined) throw missingField(path);
  return v;
}

export function optionalInteger(obj: JsonObject, key: string, path: string): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalidField(path, 'must be an integer');
  return v;
}

export function requiredInteger(obj: JsonObject, key: string, path: string): number {
  const v = optionalInteger(obj, key, path);
  if (v === undefined) throw missingField(path);
  return v;
}

export function optionalBoolean(obj: JsonObject, key: string, path: string): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidField(path, 'must be true or false');
  return v;
}

/** An integer restricted to a set of values (0|1 flags, operator types). */
export function optionalChoice<T extends number>(obj: JsonObject, key: string, path: string, allowed: readonly T[]): T | undefined {
  const v = optionalInteger(obj, key, path);
  if (v === undefined) return undefined;
  if (!(allowed as readonly number[]).includes(v)) throw invalidField(path, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

export function optionalArray(obj: JsonObject, key: string, path: string): unknown[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidField(path, 'must be an array');
  return v;
}

/** A required, non-empty array with at most `max` entries. */
export function requiredList(obj: JsonObject, key: string, path: string, max: number): unknown[] {
  const v = optionalArray(obj, key, path);
  if (v === undefined) throw missingField(path);
  if (v.length === 0) throw missingField(path, 'must not be empty');
  if (v.length > max) throw invalidField(path, `more than ${max} entries`);
  return v;
}

/** A string entry of a list, 1..maxLength characters. */
export function stringEntry(value: unknown, path: string, maxLength: number, minLength = 1): string {
  if (typeof value !== 'string') throw invalidField(path, 'must be a string');
  if (value.length < minLength) throw invalidField(path, minLength === 1 ? 'must not be empty' : `shorter than ${minLength} characters`);
  if (value.length > maxLength) throw invalidField(path, `longer than ${maxLength} characters`);
  return value;
}

/** Parses a `custom_content` field: a JSON string holding an object. */
export function customContent(obj: JsonObject, key: string, path: string): JsonObject | undefined {
  const raw = optionalString(obj, key, path);
  if (raw === undefined || raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidField(path, 'not valid JSON');
  }
  if (!isObject(parsed)) throw invalidField(path, 'must be a JSON string of an object');
  return parsed;
}
