/**
 * Meizu (Flyme) push as a driver. The console form asks for AppID and AppSecret, which name and sign every
 * call (Meizu has no token endpoint); the AppKey belongs to the app's client SDK and is kept only to be shown.
 */
import { heraldError, isHeraldError } from '@herald/protocol';
import { createMeizuChannel, parseMeizuCredential, validateMeizuCredential, type MeizuCredential } from '@herald/channels/meizu';
import { buildMeizuNotification } from '../model/meizu/build-meizu-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';

/** The parser already names the field first; only its whole-object complaint is reworded. */
function paramInvalid(err: unknown): never {
  if (!isHeraldError(err)) throw err;
  const message = err.message.startsWith('Meizu credential:') ? 'credential: must be a JSON object with appId and appSecret' : err.message;
  throw heraldError('REQUEST_PARAM_INVALID', message);
}

/** Meizu pushIds are letters and digits today; any printable word is kept, in case Meizu changes their form. */
function normalizeMeizuToken(vendorToken: string): string | undefined {
  const token = vendorToken.trim();
  return /^[\x21-\x7e]{1,4096}$/.test(token) ? token : undefined;
}

export const MEIZU_DRIVER: ChannelDriver = {
  id: 'meizu',
  platform: 'android',
  statName: 'mz',
  environmentScoped: false,

  prepareCredential(input) {
    let credential: MeizuCredential;
    try {
      credential = parseMeizuCredential(input);
    } catch (err) {
      paramInvalid(err);
    }
    const meta: Record<string, unknown> = { appId: credential.appId };
    if (credential.appKey !== undefined) meta['appKey'] = credential.appKey;
    return { kind: 'app_secret', secret: { ...credential }, meta };
  },

  async validateCredential(secret, _app, deps) {
    const check = await validateMeizuCredential(parseMeizuCredential(secret), {
      baseUrl: deps.config.meizuBaseUrl,
      timeoutMs: deps.config.vendorTimeoutMs,
      clock: deps.clock,
    });
    return check.ok ? { ok: true } : { ok: false, reason: check.reason, transient: check.transient };
  },

  // deps.ca is not passed: the Meizu client speaks through the global fetch, which takes no per-client CA.
  createChannel(secret, _app, _environment, deps) {
    return createMeizuChannel({
      credential: parseMeizuCredential(secret),
      baseUrl: deps.config.meizuBaseUrl,
      maxInFlight: deps.config.vendorMaxInFlight,
      requestTimeoutMs: deps.config.vendorTimeoutMs,
      clock: deps.clock,
      observer: deps.observer,
    });
  },

  buildNotification({ req, pushId, now, app }) {
    // Meizu refuses a blank title; like the Mi and OPPO builders, show the content in its place.
    const notification = buildMeizuNotification(req, { pushId, now, packageName: app.bundle_id, fallbackTitle: req.message.content });
    return notification === undefined ? { notification: undefined, skipReason: 'Meizu does not carry in-app (pass-through) messages' } : { notification };
  },

  perDeviceBadge() {
    return false;
  },

  normalizeVendorToken: normalizeMeizuToken,
};
