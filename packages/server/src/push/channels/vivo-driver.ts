/**
 * vivo push as a driver. The console form asks for AppID, AppKey and AppSecret, the three values vivo's auth
 * call signs with; all three are sealed, since the client needs them together, and the ids are shown.
 */
import { heraldError, isHeraldError } from '@herald/protocol';
import { createVivoChannel, parseVivoCredential, validateVivoCredential, type VivoCredential } from '@herald/channels/vivo';
import { buildVivoNotification } from '../model/vivo/build-vivo-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';

/** The parser already names the field first; only its whole-object complaint is reworded. */
function paramInvalid(err: unknown): never {
  if (!isHeraldError(err)) throw err;
  const message = err.message.startsWith('vivo credential:') ? 'credential: must be a JSON object with appId, appKey and appSecret' : err.message;
  throw heraldError('REQUEST_PARAM_INVALID', message);
}

/** vivo regIds are long digit strings today; any printable word is kept, in case vivo changes their form. */
function normalizeVivoToken(vendorToken: string): string | undefined {
  const token = vendorToken.trim();
  return /^[\x21-\x7e]{1,4096}$/.test(token) ? token : undefined;
}

export const VIVO_DRIVER: ChannelDriver = {
  id: 'vivo',
  platform: 'android',
  statName: 'vivo',
  environmentScoped: false,

  prepareCredential(input) {
    let credential: VivoCredential;
    try {
      credential = parseVivoCredential(input);
    } catch (err) {
      paramInvalid(err);
    }
    return { kind: 'app_secret', secret: { ...credential }, meta: { appId: credential.appId, appKey: credential.appKey } };
  },

  async validateCredential(secret, _app, deps) {
    const check = await validateVivoCredential(parseVivoCredential(secret), {
      baseUrl: deps.config.vivoBaseUrl,
      timeoutMs: deps.config.vendorTimeoutMs,
      clock: deps.clock,
    });
    return check.ok ? { ok: true } : { ok: false, reason: check.reason, transient: check.transient };
  },

  // The TPNS environment is iOS-only, so it does not select vivo's test mode (pushMode 1): pushes stay live.
  // deps.ca is not passed: the vivo client speaks through the global fetch, which takes no per-client CA.
  createChannel(secret, _app, _environment, deps) {
    return createVivoChannel({
      credential: parseVivoCredential(secret),
      baseUrl: deps.config.vivoBaseUrl,
      maxInFlight: deps.config.vendorMaxInFlight,
      requestTimeoutMs: deps.config.vendorTimeoutMs,
      clock: deps.clock,
      observer: deps.observer,
    });
  },

  buildNotification({ req, pushId, now, app }) {
    // vivo refuses a blank title; like the Mi and OPPO builders, show the content in its place.
    const notification = buildVivoNotification(req, { pushId, now, packageName: app.bundle_id, fallbackTitle: req.message.content });
    return notification === undefined ? { notification: undefined, skipReason: 'vivo does not carry in-app (pass-through) messages' } : { notification };
  },

  perDeviceBadge() {
    return false;
  },

  normalizeVendorToken: normalizeVivoToken,
};
