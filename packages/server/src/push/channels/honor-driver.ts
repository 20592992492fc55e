/**
 * Honor Push as a driver. The credential is what TPNS's console asks for: AppId, ClientId and SecretKey (the
 * Honor client secret). Saving it asks Honor's token endpoint for a token; the channel runs on the Huawei-family
 * engine, so the form helpers are the Huawei driver's.
 */
import { createHonorChannel, parseHonorCredential, validateHonorCredential, type HonorCredential } from '@herald/channels/honor';
import { buildHonorNotification } from '../model/honor/build-honor-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';
import { credentialForm, normalizeOpaqueVendorToken, parseCredentialForm, readBadgeClass, unreadableSecret } from './huawei-driver.ts';

export const HONOR_DRIVER: ChannelDriver = {
  id: 'honor',
  platform: 'android',
  statName: 'honor',
  environmentScoped: false,

  prepareCredential(input) {
    const form = credentialForm(input);
    const credential = parseCredentialForm(() => parseHonorCredential(form));
    const badgeClass = readBadgeClass(form);
    const meta: Record<string, unknown> = { appId: credential.appId, clientId: credential.clientId };
    if (badgeClass !== undefined) meta['badgeClass'] = badgeClass;
    return { kind: 'client_secret', secret: { ...credential }, meta };
  },

  async validateCredential(secret, _app, deps) {
    let credential: HonorCredential;
    try {
      credential = parseHonorCredential(secret);
    } catch (err) {
      return unreadableSecret(err);
    }
    const check = await validateHonorCredential(credential, {
      authBaseUrl: deps.config.honorAuthUrl,
      timeoutMs: deps.config.vendorTimeoutMs,
      ...(deps.ca !== undefined ? { ca: deps.ca } : {}),
    });
    return check.ok ? { ok: true } : { ok: false, reason: check.reason, transient: check.retryable };
  },

  createChannel(secret, _app, _environment, deps) {
    return createHonorChannel({
      credential: parseHonorCredential(secret),
      baseUrl: deps.config.honorPushUrl,
      authBaseUrl: deps.config.honorAuthUrl,
      ...(deps.ca !== undefined ? { ca: deps.ca } : {}),
      maxInFlight: deps.config.vendorMaxInFlight,
      requestTimeoutMs: deps.config.vendorTimeoutMs,
      clock: deps.clock,
      observer: deps.observer,
    });
  },

  // As for Huawei: without the badge class (not in BuildInput) the builder sends no badge.
  buildNotification({ req, pushId, now, app, credentialMeta }) {
    const badgeClass = typeof credentialMeta?.['badgeClass'] === 'string' ? credentialMeta['badgeClass'] : undefined;
    return { notification: buildHonorNotification(req, { pushId, now, packageName: app.bundle_id, ...(badgeClass === undefined ? {} : { badgeClass }) }) };
  },

  perDeviceBadge() {
    return false;
  },

  normalizeVendorToken: normalizeOpaqueVendorToken,
};
