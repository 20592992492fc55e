/**
 * Turns a ChannelNotification for Mi Push into the form fields of POST /v3/message/regid (pId=1559, ✅ field
 * names; 🔎 for the extras). The notification's `payload` holds the form fields by their Xiaomi names
 * (`title`, `description`, `payload`, `pass_through`, `notify_type`, `notify_id`, `time_to_live`, …) with an
 * optional `extra` object whose entries become `extra.<key>` (`extra.channel_id`, custom keys such as `ext`).
 * The channel adds `registration_id` and `restricted_package_name` per request.
 */
import type { ChannelNotification } from '../types.ts';
import { shapeXiaomiText } from './xiaomi-text.ts';

/** Mi Push keeps offline messages at most two weeks (`time_to_live` in ms). */
export const XIAOMI_MAX_TTL_MS = 14 * 86_400_000;
const CHANNEL_SET = new Set(['registration_id', 'restricted_package_name']);

function formValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return undefined;
}

export type XiaomiFormResult = { ok: true; fields: Map<string, string> } | { ok: false; reason: string };

export function buildXiaomiFields(n: ChannelNotification, now: number): XiaomiFormResult {
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(n.payload)) {
    if (CHANNEL_SET.has(key) || value === undefined || value === null) continue;
    if (key === 'extra') {
      if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'InvalidNotification:extra' };
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined || v === null) continue;
        const s = formValue(v);
        if (s === undefined) return { ok: false, reason: `InvalidNotification:extra.${k}` };
        fields.set(`extra.${k}`, s);
      }
      continue;
    }
    if (key === 'payload') {
      let text: string;
      try {
        text = typeof value === 'string' ? value : JSON.stringify(value);
      } catch {
        return { ok: false, reason: 'InvalidNotification:payload' };
      }
      // Xiaomi: "需要对payload字符串做urlencode处理" — encoded once here, and once more by the form encoding.
      fields.set('payload', encodeURIComponent(text));
      continue;
    }
    const s = formValue(value);
    if (s === undefined) return { ok: false, reason: `InvalidNotification:${key}` };
    fields.set(key, s);
  }

  if (!fields.has('pass_through')) fields.set('pass_through', '0');
  if (fields.get('pass_through') === '0') {
    const shaped = shapeXiaomiText({ title: fields.get('title') ?? '', body: fields.get('description') ?? '' });
    fields.set('title', shaped.title);
    fields.set('description', shaped.body);
  }
  if (!fields.has('notify_id') && n.collapseId !== undefined && /^\d{1,10}$/.test(n.collapseId)) {
    // notify_id is an int in [0, 2147483647]; the same id replaces the shown notification.
    fields.set('notify_id', String(Number(n.collapseId) % 2_147_483_648));
  }
  if (n.expiration !== undefined && !fields.has('time_to_live')) {
    if (n.expiration === 0) {
      // "Deliver now or never": Mi Push sends once to an online device and keeps nothing offline.
      if (!fields.has('extra.only_send_once')) fields.set('extra.only_send_once', '1');
    } else {
      const ttl = Math.min(XIAOMI_MAX_TTL_MS, Math.max(1000, n.expiration * 1000 - now));
      fields.set('time_to_live', String(ttl));
    }
  }
  return { ok: true, fields };
}

/** The request body for one batch of regIds. */
export function xiaomiRequestBody(fields: Map<string, string>, regIds: readonly string[], packageName: string): string {
  const body = new URLSearchParams();
  body.set('registration_id', regIds.join(','));
  body.set('restricted_package_name', packageName);
  for (const [k, v] of fields) body.set(k, v);
  return body.toString();
}
