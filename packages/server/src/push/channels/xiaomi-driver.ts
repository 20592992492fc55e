/**
 * Xiaomi Mi Push as a driver. The console form asks for the AppSecret (AppID and AppKey are optional, kept to be
 * shown); the package name is not asked for because Mi Push checks it against the app's own, which Herald
 * already has as the app's bundle id. It is taken from the app each time a client is built, so renaming the
 * package needs no new credential.
 */
import { heraldError, isHeraldError } from '@herald/protocol';
import { createXiaomiChannel, parseXiaomiCredential, validateXiaomiCredential, type XiaomiCredential } from '@herald/channels/xiaomi';
import type { AppRow } from '../../store/schema.ts';
import { buildXiaomiNotification } from '../model/xiaomi/build-xiaomi-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';

/** The parser names fields `xiaomi.<field>`; the API names them as the form does, and the package as the app's bundle id. */
function paramInvalid(err: unknown): never {
  if (!isHeraldError(err)) throw err;
  const message = err.message.startsWith('xiaomi.packageName:')
    ? err.message.replace(/^xiaomi\.packageName:/, 'bundle_id:')
    : err.message.startsWith('xiaomi.')
      ? err.message.slice('xiaomi.'.length)
      : 'credential: must be a JSON object with appSecret';
  throw heraldError('REQUEST_PARAM_INVALID', message);
}

function credentialOf(input: unknown, app: AppRow): XiaomiCredential {
  const form = typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input, packageName: app.bundle_id } : input;
  return parseXiaomiCredential(form);
}

/** Mi regIds are base64-like text; Herald only insists on one printable word. */
function normalizeXiaomiToken(vendorToken: string): string | undefined {
  const token = vendorToken.trim();
  return /^[\x21-\x7e]{1,4096}$/.test(token) ? token : undefined;
}

export const XIAOMI_DRIVER: ChannelDriver = {
  id: 'xiaomi',
  platform: 'android',
  statName: 'xm',
  environmentScoped: false,

  prepareCredential(input, app) {
    let credential: XiaomiCredential;
    try {
      credential = credentialOf(input, app);
    } catch (err) {
      paramInvalid(err);
    }
    const { appSecret, appId, appKey } = credential;
    const ids = { ...(appId !== undefined ? { appId } : {}), ...(appKey !== undefined ? { appKey } : {}) };
    return { kind: 'app_secret', secret: { appSecret, ...ids }, meta: { packageName: credential.packageName, ...ids } };
  },

  async validateCredential(secret, app, deps) {
    const check = await validateXiaomiCredential(credentialOf(secret, app), {
      baseUrl: deps.config.xiaomiBaseUrl,
      timeoutMs: deps.config.vendorTimeoutMs,
      clock: deps.clock,
    });
    return check.ok ? { ok: true } : { ok: false, reason: check.reason, transient: check.transient };
  },

  // deps.ca is not passed: the Mi client speaks through the global fetch, which takes no per-client CA.
  createChannel(secret, app, _environment, deps) {
    return createXiaomiChannel({
      credential: credentialOf(secret, app),
      baseUrl: deps.config.xiaomiBaseUrl,
      maxInFlight: deps.config.vendorMaxInFlight,
      requestTimeoutMs: deps.config.vendorTimeoutMs,
      clock: deps.clock,
      observer: deps.observer,
    });
  },

  buildNotification({ req, pushId, now, app }) {
    return { notification: buildXiaomiNotification(req, { pushId, packageName: app.bundle_id, now }).notification };
  },

  perDeviceBadge() {
    return false;
  },

  normalizeVendorToken: normalizeXiaomiToken,
};
