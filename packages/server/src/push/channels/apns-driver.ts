/**
 * APNs as a driver. Its credentials keep their own upload route (a `.p8` key or a `.p12` certificate per
 * environment, see credentials/apns-credential-service.ts), so the generic credential route refuses them here.
 */
import { heraldError } from '@herald/protocol';
import { createApnsChannel, type ApnsCredential } from '@herald/channels/apns';
import { buildApnsNotification } from '../model/apns/build-apns-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';

function apnsCredential(secret: Record<string, unknown>, bundleId: string): ApnsCredential {
  const text = (key: string): string => (typeof secret[key] === 'string' ? (secret[key] as string) : '');
  // Rows sealed before `kind` was part of the secret hold only the PEMs: a private key alone means a .p8.
  return typeof secret['privateKeyPem'] === 'string'
    ? { kind: 'p8', keyId: text('keyId'), teamId: text('teamId'), privateKeyPem: text('privateKeyPem'), bundleId }
    : { kind: 'p12', keyPem: text('keyPem'), certPem: text('certPem'), bundleId };
}

/** APNs device tokens are hex (32 bytes today; Apple says the length may change). */
function normalizeApnsToken(vendorToken: string): string | undefined {
  const hex = vendorToken.trim().toLowerCase();
  return /^(?:[0-9a-f]{2}){8,200}$/.test(hex) ? hex : undefined;
}

export const APNS_DRIVER: ChannelDriver = {
  id: 'apns',
  platform: 'ios',
  statName: 'apns',
  environmentScoped: true,

  prepareCredential() {
    throw heraldError('REQUEST_PARAM_INVALID', 'APNs credentials are uploaded to /api/apps/:accessId/credentials/apns/:environment');
  },

  // Apple has no endpoint that checks a key without a device token; uploads are checked locally instead.
  async validateCredential() {
    return { ok: true };
  },

  createChannel(secret, app, environment, deps) {
    return createApnsChannel({
      credential: apnsCredential(secret, app.bundle_id),
      environment,
      baseUrl: environment === 'product' ? deps.config.apnsProductUrl : deps.config.apnsDevUrl,
      ...(deps.apnsCa !== undefined ? { ca: deps.apnsCa } : {}),
      sessions: deps.config.apnsSessions,
      maxInFlight: deps.config.apnsMaxInFlight,
      clock: deps.clock,
      observer: deps.observer,
    });
  },

  buildNotification({ req, pushId, now, app, badge }) {
    const built = buildApnsNotification(req, { pushId, bundleId: app.bundle_id, now, badge });
    return built.nextBadge === undefined ? { notification: built.notification } : { notification: built.notification, nextBadge: built.nextBadge };
  },

  perDeviceBadge(req) {
    return req.messageType === 'notify' && req.message.ios?.badgeType === -2;
  },

  normalizeVendorToken: normalizeApnsToken,
};
