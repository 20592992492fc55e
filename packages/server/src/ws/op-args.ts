/** Reading op arguments with the catalogue's parameter errors, so every op answers bad input the same way. */
import { heraldError } from '@herald/protocol';
import type { OpData } from './op-registry.ts';

export function requireString(data: OpData, name: string, o: { min?: number; max: number }): string {
  const value = data[name];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', `${name} is required`);
  if (typeof value !== 'string') throw heraldError('REQUEST_PARAM_INVALID', `${name} must be a string`);
  if (value.length < (o.min ?? 1) || value.length > o.max) {
    throw heraldError('REQUEST_PARAM_INVALID', `${name} must have ${o.min ?? 1} to ${o.max} characters`);
  }
  return value;
}

/** Like requireString, but an empty string passes (for fields whose emptiness has its own error code). */
export function requireStringAllowEmpty(data: OpData, name: string, max: number): string {
  const value = data[name];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', `${name} is required`);
  if (typeof value !== 'string') throw heraldError('REQUEST_PARAM_INVALID', `${name} must be a string`);
  if (value.length > max) throw heraldError('REQUEST_PARAM_INVALID', `${name} must have at most ${max} characters`);
  return value;
}

/** A non-negative safe integer; numeric strings are accepted because Tencent's SDKs pass SDKAppID either way. */
export function requireId(data: OpData, name: string): number {
  const value = data[name];
  if (value === undefined || value === null) throw heraldError('REQUEST_PARAM_MISSING', `${name} is required`);
  const n = typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw heraldError('REQUEST_PARAM_INVALID', `${name} must be a non-negative integer`);
  return n;
}

export function optionalEnum<T extends string>(data: OpData, name: string, values: readonly T[], fallback: T): T {
  const value = data[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw heraldError('REQUEST_PARAM_INVALID', `${name} must be one of ${values.join(', ')}`);
  }
  return value as T;
}

export function requireEnum<T extends string>(data: OpData, name: string, values: readonly T[]): T {
  if (data[name] === undefined || data[name] === null) throw heraldError('REQUEST_PARAM_MISSING', `${name} is required`);
  return optionalEnum(data, name, values, values[0] as T);
}
