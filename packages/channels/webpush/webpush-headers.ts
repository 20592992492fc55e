/**
 * The RFC 8030 request headers a notification turns into. Verified against RFC 8030 (text quoted in corpus
 * copies): `TTL` is required (§5.2); `Urgency` is very-low | low | normal | high, normal when absent (§5.3);
 * `Topic` is "no more than 32 characters from the URL and filename-safe Base 64 alphabet" (§5.4) and replaces a
 * pending message with the same topic. Stricter services exist: autopush takes only [A-Za-z0-9] (errno 113) and
 * Apple refuses `-` (field report), so Herald sends letters and digits only and hashes anything else.
 */
import { createHash } from 'node:crypto';
import type { ChannelNotification } from '../types.ts';

export type WebPushUrgency = 'very-low' | 'low' | 'normal' | 'high';

export const WEBPUSH_URGENCIES: readonly WebPushUrgency[] = ['very-low', 'low', 'normal', 'high'];

/** A notification for the Web Push channel; `urgency` has no field on ChannelNotification yet. */
export interface WebPushNotification extends ChannelNotification {
  urgency?: WebPushUrgency;
}

/** autopush refuses TTLs above 30 days (errno 112: 0…2,592,000). */
export const WEBPUSH_MAX_TTL_SECONDS = 2_592_000;
/** TPNS's default `expire_time`, used when a notification has no expiration. */
export const WEBPUSH_DEFAULT_TTL_SECONDS = 86_400;

const SAFE_TOPIC = /^[A-Za-z0-9]{1,32}$/;

/** `collapseId` as a Topic every push service takes: itself when already safe, else 32 hex digits of its SHA-256. */
export function webPushTopic(collapseId: string): string {
  if (SAFE_TOPIC.test(collapseId)) return collapseId;
  return createHash('sha256').update(collapseId).digest('hex').slice(0, 32);
}

/**
 * Seconds the push service may keep the message: from the notification's absolute expiration (epoch seconds;
 * 0 = now or never), or the default. Undefined when the expiration has already passed.
 */
export function webPushTtl(expiration: number | undefined, nowMs: number): number | undefined {
  if (expiration === undefined) return WEBPUSH_DEFAULT_TTL_SECONDS;
  if (expiration === 0) return 0;
  const left = Math.floor(expiration - nowMs / 1000);
  if (left <= 0) return undefined;
  return Math.min(left, WEBPUSH_MAX_TTL_SECONDS);
}

export function isWebPushUrgency(value: unknown): value is WebPushUrgency {
  return typeof value === 'string' && (WEBPUSH_URGENCIES as readonly string[]).includes(value);
}
