/**
 * Turns a normalised TPNS push into the APNs notification for one device (its badge depends on the device's
 * server-side counter). Custom keys from `ios.custom_content` sit beside `aps`, never inside it, and a `herald`
 * key `{pid}` lets the SDK report arrival and clicks for the task.
 *
 * Herald's `ios.push_type: "voip"` makes a PushKit push: `apns-push-type: voip` at priority 10 (the channel adds
 * the `.voip` topic suffix and picks the VoIP credential), Apple's 5120-byte limit, no badge.
 */
import { heraldError } from '@herald/protocol';
import type { ChannelNotification } from '@herald/channels';
import type { JsonObject } from '../field-reader.ts';
import { MAX_APNS_PAYLOAD_BYTES, MAX_APNS_VOIP_PAYLOAD_BYTES } from '../limits.ts';
import type { PushRequest } from '../push-request.ts';
import { buildAlertAps, buildBackgroundAps, buildVoipAps } from './apns-aps.ts';
import { resolveBadge } from './apns-badge.ts';

export interface ApnsBuildOptions {
  pushId: string;
  bundleId: string;
  /** The device's server-side badge counter, used by badge_type -2. */
  badge: { current: number };
  /** Epoch ms at dispatch. */
  now: number;
}

export interface ApnsBuildResult {
  notification: ChannelNotification;
  /** The badge counter to store for the device; undefined = leave it unchanged. */
  nextBadge: number | undefined;
}

/** Builds the APNs notification; throws PUSH_PAYLOAD_TOO_LARGE when the JSON body exceeds 4096 bytes (VoIP 5120). */
export function buildApnsNotification(req: PushRequest, o: ApnsBuildOptions): ApnsBuildResult {
  const voip = req.message.ios?.pushType === 'voip';
  const silent = !voip && req.messageType === 'message';
  let aps: JsonObject;
  let nextBadge: number | undefined;
  if (voip) {
    aps = buildVoipAps(req.message);
  } else if (silent) {
    aps = buildBackgroundAps();
  } else {
    aps = buildAlertAps(req.message);
    const { badge, next } = resolveBadge(req.message.ios?.badgeType, req.message.ios?.aps['badge'], o.badge.current);
    if (badge !== undefined) aps['badge'] = badge;
    nextBadge = next;
  }

  const payload: JsonObject = { ...(req.message.ios?.customContent ?? {}), aps, herald: { pid: o.pushId } };
  const size = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  const limit = voip ? MAX_APNS_VOIP_PAYLOAD_BYTES : MAX_APNS_PAYLOAD_BYTES;
  if (size > limit) {
    throw heraldError('PUSH_PAYLOAD_TOO_LARGE', `APNs ${voip ? 'VoIP ' : ''}payload: ${size} bytes, more than ${limit}`);
  }

  const notification: ChannelNotification = {
    payload,
    pushType: voip ? 'voip' : silent ? 'background' : 'alert',
    topic: o.bundleId,
    // Apple: background pushes must use priority 5.
    priority: silent ? 5 : 10,
    expiration: req.expireTime === 0 ? 0 : Math.floor(o.now / 1000) + req.expireTime,
    pushId: o.pushId,
  };
  if (req.collapseId !== undefined) notification.collapseId = String(req.collapseId);
  return { notification, nextBadge };
}
