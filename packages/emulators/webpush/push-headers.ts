/**
 * RFC 8030 request headers as a push service reads them: `TTL` required (§5.2; autopush errno 111 when missing,
 * 112 when not a non-negative integer), `Urgency` one of four values (§5.3, "normal" when absent), `Topic` at
 * most 32 characters of the base64url alphabet (§5.4; autopush errno 113).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { answer, type ErrorAnswer } from './error-bodies.ts';
import type { WebPushUrgency } from './types.ts';

export interface PushHeaders {
  /** Seconds, already lowered to the service's maximum. */
  ttl: number;
  urgency: WebPushUrgency;
  topic: string | undefined;
}

export const URGENCY_RANK: Readonly<Record<WebPushUrgency, number>> = { 'very-low': 0, low: 1, normal: 2, high: 3 };

const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;
const TTL = /^\d{1,10}$/;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function readPushHeaders(h: IncomingHttpHeaders, maxTtlSeconds: number): PushHeaders | ErrorAnswer {
  const ttlText = one(h['ttl']);
  if (ttlText === undefined) return answer(400, 111);
  if (!TTL.test(ttlText.trim())) return answer(400, 112);
  const ttl = Math.min(Number(ttlText.trim()), maxTtlSeconds);

  const urgencyText = one(h['urgency']);
  let urgency: WebPushUrgency = 'normal';
  if (urgencyText !== undefined) {
    const u = urgencyText.trim();
    if (!(u in URGENCY_RANK)) return { status: 400, errno: undefined, message: 'Urgency must be very-low, low, normal or high' };
    urgency = u as WebPushUrgency;
  }

  const topicText = one(h['topic']);
  if (topicText !== undefined && !TOPIC.test(topicText)) return answer(400, 113);
  return { ttl, urgency, topic: topicText };
}
