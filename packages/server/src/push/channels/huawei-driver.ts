/**
 * Huawei Push Kit as a driver. The credential is what TPNS's console asks for (APPID and Client Secret, plus the
 * OAuth client ID when the AppGallery Connect project shows a separate one). Saving it asks Huawei's OAuth
 * endpoint for a token, the one check Huawei offers without a device. A few helpers here are shared with the
 * Honor driver, whose channel runs on the same engine.
 */
import { heraldError, isHeraldError } from '@herald/protocol';
import { createHuaweiChannel, parseHuaweiCredential, validateHuaweiCredential, type HuaweiCredential } from '@herald/channels/huawei';
import { buildHuaweiNotification } from '../model/huawei/build-huawei-notification.ts';
import type { ChannelDriver, CredentialCheck } from './channel-driver.ts';

/** Vendor registration ids are opaque: printable ASCII without spaces, up to the device API's 4096 characters. */
const OPAQUE_TOKEN = /^[\x21-\x7e]{1,4096}$/;

/** A Java class name with its package, e.g. `com.example.chat.MainActivity`. */
const CLASS_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

export function normalizeOpaqueVendorToken(vendorToken: string): string | undefined {
  const token = vendorToken.trim();
  return OPAQUE_TOKEN.test(token) ? token : undefined;
}

/** The credential form as an object, or REQUEST_PARAM_INVALID: the credential API takes JSON objects only. */
export function credentialForm(input: unknown): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw heraldError('REQUEST_PARAM_INVALID', 'credential: must be a JSON object');
  }
  return input as Record<string, unknown>;
}

/**
 * Runs a channel package's credential parser and restates its CREDENTIAL_PARSE_FAILED (`huawei.appId: required`)
 * as the API's REQUEST_PARAM_INVALID naming the form field (`appId: required`).
 */
export function parseCredentialForm<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!isHeraldError(err, 'CREDENTIAL_PARSE_FAILED')) throw err;
    const named = /^[a-z]+\.(\w+): (.*)$/s.exec(err.message);
    throw heraldError('REQUEST_PARAM_INVALID', named === null ? `credential: ${err.message}` : `${named[1]}: ${named[2]}`);
  }
}

/**
 * The optional entry activity Huawei and Honor need with any badge (`badge.class`). Kept in the credential's
 * meta because it belongs to the app's build, as the credential does.
 */
export function readBadgeClass(form: Record<string, unknown>): string | undefined {
  const v = form['badgeClass'];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !CLASS_NAME.test(v.trim())) {
    throw heraldError('REQUEST_PARAM_INVALID', 'badgeClass: must be the fully qualified class name of the launcher activity');
  }
  return v.trim();
}

/** A stored secret that no longer parses cannot be checked; saying so beats throwing from a validation call. */
export function unreadableSecret(err: unknown): CredentialCheck {
  return { ok: false, reason: `stored credential unreadable: ${err instanceof Error ? err.message : String(err)}`, transient: false };
}

export const HUAWEI_DRIVER: ChannelDriver = {
  id: 'huawei',
  platform: 'android',
  statName: 'hw',
  environmentScoped: false,

  prepareCredential(input) {
    const form = credentialForm(input);
    const credential = parseCredentialForm(() => parseHuaweiCredential(form));
    const badgeClass = readBadgeClass(form);
    const meta: Record<string, unknown> = { appId: credential.appId };
    if (credential.clientId !== undefined) meta['clientId'] = credential.clientId;
    if (badgeClass !== undefined) meta['badgeClass'] = badgeClass;
    return { kind: 'client_secret', secret: { ...credential }, meta };
  },

  async validateCredential(secret, _app, deps) {
    let credential: HuaweiCredential;
    try {
      credential = parseHuaweiCredential(secret);
    } catch (err) {
      return unreadableSecret(err);
    }
    const check = await validateHuaweiCredential(credential, {
      authBaseUrl: deps.config.huaweiAuthUrl,
      timeoutMs: deps.config.vendorTimeoutMs,
      ...(deps.ca !== undefined ? { ca: deps.ca } : {}),
    });
    return check.ok ? { ok: true } : { ok: false, reason: check.reason, transient: check.retryable };
  },

  createChannel(secret, _app, _environment, deps) {
    return createHuaweiChannel({
      credential: parseHuaweiCredential(secret),
      baseUrl: deps.config.huaweiPushUrl,
      authBaseUrl: deps.config.huaweiAuthUrl,
      ...(deps.ca !== undefined ? { ca: deps.ca } : {}),
      maxInFlight: deps.config.vendorMaxInFlight,
      requestTimeoutMs: deps.config.vendorTimeoutMs,
      clock: deps.clock,
      observer: deps.observer,
    });
  },

  // The badge class from the credential's meta cannot reach here (BuildInput carries none), so Huawei badges
  // are left out: the builder sends none without a class.
  buildNotification({ req, pushId, now, app, credentialMeta }) {
    const badgeClass = typeof credentialMeta?.['badgeClass'] === 'string' ? credentialMeta['badgeClass'] : undefined;
    return { notification: buildHuaweiNotification(req, { pushId, now, packageName: app.bundle_id, ...(badgeClass === undefined ? {} : { badgeClass }) }) };
  },

  // badge_type -2 becomes Huawei's own `add_num: 1`: the device counts, not the server.
  perDeviceBadge() {
    return false;
  },

  normalizeVendorToken: normalizeOpaqueVendorToken,
};
