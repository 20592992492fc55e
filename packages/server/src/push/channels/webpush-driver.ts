/**
 * Web Push (RFC 8030/8291/8292) as a driver, for `web` apps. The credential is the app's VAPID key pair: `{}` or
 * `{subject}` makes a fresh one (the public key is then the browsers' `applicationServerKey`), `{subject,
 * publicKey, privateKey}` imports one already in use, so existing subscriptions keep working. The subject
 * defaults to the configured `webPushSubject`.
 *
 * A device's vendor token is its PushSubscription as canonical JSON. Loopback `http:` endpoints are accepted at
 * registration because this check has no config; the channel refuses them unless `webPushAllowLoopbackHttp`.
 */
import { heraldError, isHeraldError } from '@herald/protocol';
import {
  createWebPushChannel,
  generateVapidKeys,
  parseWebPushCredential,
  parseWebPushSubscription,
  validateWebPushCredential,
  webPushVendorToken,
  type WebPushCredential,
} from '@herald/channels/webpush';
import { buildWebPushNotification } from '../model/webpush/build-webpush-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';
import { credentialForm } from './credential-form.ts';
import { clientRuntime, vendorCa } from './vendor-client-options.ts';

function given(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Restates the parser's "VAPID credential: privateKey must …" as "privateKey: must …". */
function formError(err: unknown): unknown {
  if (!isHeraldError(err, 'CREDENTIAL_PARSE_FAILED')) return err;
  const text = err.message.replace(/^VAPID credential: /, '');
  const named = /^(subject|publicKey|privateKey)\b:?\s*(.*)$/s.exec(text);
  return heraldError('REQUEST_PARAM_INVALID', named === null ? `credential: ${text}` : `${named[1]}: ${named[2]}`);
}

function readVapidForm(input: unknown, defaultSubject: string): WebPushCredential {
  const form = credentialForm(input);
  const subject = given(form['subject']) ? form['subject'] : defaultSubject;
  const keys = given(form['publicKey']) || given(form['privateKey'])
    ? { publicKey: form['publicKey'], privateKey: form['privateKey'] }
    : generateVapidKeys();
  try {
    return parseWebPushCredential({ subject, ...keys });
  } catch (err) {
    throw formError(err);
  }
}

/** Where a click goes when the push names no URL: the app's origin (its bundle id), when that is a web URL. */
function startPage(bundleId: string): string | undefined {
  try {
    const url = new URL(bundleId);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function normalizeSubscription(vendorToken: string): string | undefined {
  try {
    return webPushVendorToken(parseWebPushSubscription(vendorToken.trim(), { allowLoopbackHttp: true }));
  } catch {
    return undefined;
  }
}

export const WEBPUSH_DRIVER: ChannelDriver = {
  id: 'webpush',
  platform: 'web',
  // A UnifiedPush distributor on an Android phone hands out a Web Push endpoint.
  alsoServes: ['android'],
  statName: 'web',
  environmentScoped: false,

  prepareCredential(input, _app, deps) {
    const credential = readVapidForm(input, deps.config.webPushSubject);
    return { kind: 'vapid', secret: { ...credential }, meta: { publicKey: credential.publicKey, subject: credential.subject } };
  },

  // VAPID has no endpoint to ask: the check proves locally that the key pair signs and verifies.
  async validateCredential(secret) {
    const check = await validateWebPushCredential(secret as unknown as WebPushCredential);
    return check.ok ? { ok: true } : { ok: false, reason: `${check.reason}: ${check.message}`, transient: false };
  },

  createChannel(secret, _app, _environment, deps) {
    return createWebPushChannel({
      credential: parseWebPushCredential(secret),
      allowLoopbackHttp: deps.config.webPushAllowLoopbackHttp,
      ...vendorCa(deps),
      ...clientRuntime(deps),
    });
  },

  buildNotification({ req, pushId, now, app, badge }) {
    const defaultUrl = startPage(app.bundle_id);
    const built = buildWebPushNotification(req, { pushId, now, badge, ...(defaultUrl !== undefined ? { defaultUrl } : {}) });
    return built.nextBadge === undefined ? { notification: built.notification } : { notification: built.notification, nextBadge: built.nextBadge };
  },

  // Only "one more than the counter" depends on the device; a set badge is the same for every browser.
  perDeviceBadge(req) {
    return req.messageType === 'notify' && req.message.android?.badgeType === -2;
  },

  normalizeVendorToken: normalizeSubscription,
};
