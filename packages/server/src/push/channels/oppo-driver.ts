/**
 * OPPO Push as a driver. The console form asks for AppKey and MasterSecret, which sign the server's auth call;
 * AppSecret and AppID belong to the app's client SDK and are kept only when given. Registration ids pick the
 * China or the overseas host by their form, so both configured hosts go to the client.
 */
import { heraldError, isHeraldError } from '@herald/protocol';
import { createOppoChannel, parseOppoCredential, validateOppoCredential, type OppoCredential } from '@herald/channels/oppo';
import { buildOppoNotification } from '../model/oppo/build-oppo-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';

/** The parser names fields `oppo.<field>`; the API names them as the form does. */
function paramInvalid(err: unknown): never {
  if (!isHeraldError(err)) throw err;
  const message = err.message.startsWith('oppo.') ? err.message.slice('oppo.'.length) : 'credential: must be a JSON object with appKey and masterSecret';
  throw heraldError('REQUEST_PARAM_INVALID', message);
}

/** OPPO registration ids are hex with an optional region prefix (`CN_…`, `OPPO_CN_…`); any printable word is kept. */
function normalizeOppoToken(vendorToken: string): string | undefined {
  const token = vendorToken.trim();
  return /^[\x21-\x7e]{1,4096}$/.test(token) ? token : undefined;
}

export const OPPO_DRIVER: ChannelDriver = {
  id: 'oppo',
  platform: 'android',
  statName: 'oppo',
  environmentScoped: false,

  prepareCredential(input) {
    let credential: OppoCredential;
    try {
      credential = parseOppoCredential(input);
    } catch (err) {
      paramInvalid(err);
    }
    const meta: Record<string, unknown> = { appKey: credential.appKey };
    if (credential.appId !== undefined) meta['appId'] = credential.appId;
    return { kind: 'master_secret', secret: { ...credential }, meta };
  },

  async validateCredential(secret, _app, deps) {
    const check = await validateOppoCredential(parseOppoCredential(secret), {
      baseUrl: deps.config.oppoBaseUrl,
      timeoutMs: deps.config.vendorTimeoutMs,
      clock: deps.clock,
    });
    return check.ok ? { ok: true } : { ok: false, reason: check.reason, transient: check.transient };
  },

  // deps.ca is not passed: the OPPO client speaks through the global fetch, which takes no per-client CA.
  createChannel(secret, _app, _environment, deps) {
    return createOppoChannel({
      credential: parseOppoCredential(secret),
      baseUrl: deps.config.oppoBaseUrl,
      intlBaseUrl: deps.config.oppoIntlBaseUrl,
      maxInFlight: deps.config.vendorMaxInFlight,
      requestTimeoutMs: deps.config.vendorTimeoutMs,
      clock: deps.clock,
      observer: deps.observer,
    });
  },

  // OPPO's category and notify_level have no TPNS field, so pushes go without them (OPPO's defaults).
  buildNotification({ req, pushId, now, collapseRequested }) {
    // OPPO cannot replace a notification: only a collapse_id the push asked for (without force_collapse) stops it.
    if (collapseRequested === false) req = { ...req, collapseId: undefined };
    const built = buildOppoNotification(req, { pushId, now });
    return built.notification === undefined ? { notification: undefined, skipReason: built.notes.join('; ') } : { notification: built.notification };
  },

  perDeviceBadge() {
    return false;
  },

  normalizeVendorToken: normalizeOppoToken,
};
