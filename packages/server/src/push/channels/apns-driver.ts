/**
 * APNs as a driver. Its credentials keep their own upload route (a `.p8` key or a `.p12` certificate per
 * environment, see credentials/apns-credential-service.ts), so the generic credential route refuses them here.
 *
 * VoIP pushes (`message.ios.push_type: "voip"`) go to `<bundle>.voip`: a `.p8` key signs for it as for every
 * topic of its team, a `.p12` certificate only when it lists that topic. Otherwise the credential's `voip` slot
 * (Apple's VoIP Services certificate) sends them over its own connection, and without one they fail per device.
 */
import { heraldError } from '@herald/protocol';
import { apnsCertificateTopics, createApnsChannel, createApnsVoipRouting, type ApnsCredential } from '@herald/channels/apns';
import type { PushChannel, PushEnvironment } from '@herald/channels';
import type { AppRow } from '../../store/schema.ts';
import { buildApnsNotification } from '../model/apns/build-apns-notification.ts';
import type { ChannelDriver, DriverDeps } from './channel-driver.ts';

function apnsCredential(secret: Record<string, unknown>, bundleId: string): ApnsCredential {
  const text = (key: string): string => (typeof secret[key] === 'string' ? (secret[key] as string) : '');
  // Rows sealed before `kind` was part of the secret hold only the PEMs: a private key alone means a .p8.
  return typeof secret['privateKeyPem'] === 'string'
    ? { kind: 'p8', keyId: text('keyId'), teamId: text('teamId'), privateKeyPem: text('privateKeyPem'), bundleId }
    : { kind: 'p12', keyPem: text('keyPem'), certPem: text('certPem'), bundleId };
}

/** The VoIP Services certificate kept beside a `.p12` (the `voip` slot), when there is one. */
function voipCertificate(secret: Record<string, unknown>, bundleId: string): Extract<ApnsCredential, { kind: 'p12' }> | undefined {
  const voip = secret['voip'];
  if (typeof voip !== 'object' || voip === null) return undefined;
  const { keyPem, certPem } = voip as Record<string, unknown>;
  return typeof keyPem === 'string' && typeof certPem === 'string' ? { kind: 'p12', keyPem, certPem, bundleId } : undefined;
}

function openChannel(credential: ApnsCredential, environment: PushEnvironment, deps: DriverDeps): PushChannel {
  return createApnsChannel({
    credential,
    environment,
    baseUrl: environment === 'product' ? deps.config.apnsProductUrl : deps.config.apnsDevUrl,
    ...(deps.apnsCa !== undefined ? { ca: deps.apnsCa } : {}),
    sessions: deps.config.apnsSessions,
    maxInFlight: deps.config.apnsMaxInFlight,
    clock: deps.clock,
    observer: deps.observer,
  });
}

/** The app's APNs channel: one connection pool, or two when VoIP needs its own certificate. */
function apnsChannelFor(secret: Record<string, unknown>, app: AppRow, environment: PushEnvironment, deps: DriverDeps): PushChannel {
  const credential = apnsCredential(secret, app.bundle_id);
  const main = openChannel(credential, environment, deps);
  if (credential.kind === 'p8') return main;
  const voipTopic = `${app.bundle_id}.voip`;
  if (apnsCertificateTopics(credential.certPem).includes(voipTopic)) return main;
  const voip = voipCertificate(secret, app.bundle_id);
  const usable = voip !== undefined && apnsCertificateTopics(voip.certPem).includes(voipTopic);
  return createApnsVoipRouting({
    main,
    voip: usable ? openChannel(voip, environment, deps) : undefined,
    noVoipReason: `no VoIP certificate: the ${environment} .p12 cannot push to ${voipTopic}; upload a VoIP Services certificate (slot "voip") or a .p8 key`,
  });
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

  createChannel: apnsChannelFor,

  buildNotification({ req, pushId, now, app, badge }) {
    const built = buildApnsNotification(req, { pushId, bundleId: app.bundle_id, now, badge });
    return built.nextBadge === undefined ? { notification: built.notification } : { notification: built.notification, nextBadge: built.nextBadge };
  },

  // VoIP pushes carry no badge.
  perDeviceBadge(req) {
    return req.messageType === 'notify' && req.message.ios?.pushType !== 'voip' && req.message.ios?.badgeType === -2;
  },

  normalizeVendorToken: normalizeApnsToken,
};
