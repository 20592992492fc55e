/**
 * Firebase Cloud Messaging (HTTP v1) as a driver. The credential is the service-account JSON the Firebase
 * console downloads, sent as `serviceAccount` (the object, or its text). Only the fields the OAuth grant and the
 * send URL use are kept, in Google's own spelling, so the sealed secret is still a service-account file.
 * Saving it gets an access token and makes a `validate_only` send, which proves the key, the project and the
 * account's permission to send.
 */
import { heraldError, isHeraldError } from '@herald/protocol';
import { createFcmChannel, parseFcmCredential, validateFcmCredential, type FcmCredential } from '@herald/channels/fcm';
import { buildFcmNotification } from '../model/fcm/build-fcm-notification.ts';
import type { ChannelDriver, DriverDeps, PreparedCredential } from './channel-driver.ts';
import { credentialForm } from './credential-form.ts';
import { checkStoredCredential } from './stored-credential-check.ts';
import { clientRuntime, vendorCa } from './vendor-client-options.ts';

/**
 * FCM registration tokens are base64url with ':' between the instance ID and the rest (163 characters today,
 * older ones without the prefix). Google documents no fixed length, so only a floor that rules out junk.
 */
const FCM_TOKEN = /^[A-Za-z0-9_-]+(?::[A-Za-z0-9_-]+)*$/;
const FCM_TOKEN_MIN_LENGTH = 32;
const FCM_TOKEN_MAX_LENGTH = 4096;

function normalizeFcmToken(vendorToken: string): string | undefined {
  const token = vendorToken.trim();
  if (token.length < FCM_TOKEN_MIN_LENGTH || token.length > FCM_TOKEN_MAX_LENGTH) return undefined;
  return FCM_TOKEN.test(token) ? token : undefined;
}

function readServiceAccount(input: unknown): FcmCredential {
  const value = credentialForm(input)['serviceAccount'];
  if (value === undefined || value === null || value === '') throw heraldError('REQUEST_PARAM_INVALID', 'serviceAccount: required (the service-account JSON)');
  try {
    return parseFcmCredential(value);
  } catch (err) {
    if (!isHeraldError(err, 'CREDENTIAL_PARSE_FAILED')) throw err;
    throw heraldError('REQUEST_PARAM_INVALID', `serviceAccount: ${err.message.replace(/^FCM service account: /, '')}`);
  }
}

/** Where the check and the client reach Google: the configured send and token origins, and the CA for them. */
function googleHosts(deps: DriverDeps): { baseUrl: string; tokenUrl?: string; ca?: string } {
  return { baseUrl: deps.config.fcmBaseUrl, ...(deps.config.fcmTokenUrl !== undefined ? { tokenUrl: deps.config.fcmTokenUrl } : {}), ...vendorCa(deps) };
}

/** Seals the service-account fields FCM needs, as Google names them, and shows only the project and the account. */
function prepareServiceAccount(c: FcmCredential): PreparedCredential {
  const secret: Record<string, unknown> = {
    type: 'service_account',
    project_id: c.projectId,
    client_email: c.clientEmail,
    private_key: c.privateKeyPem,
    token_uri: c.tokenUri,
  };
  if (c.privateKeyId !== undefined) secret['private_key_id'] = c.privateKeyId;
  return { kind: 'service_account', secret, meta: { project_id: c.projectId, client_email: c.clientEmail } };
}

export const FCM_DRIVER: ChannelDriver = {
  id: 'fcm',
  platform: 'android',
  statName: 'fcm',
  environmentScoped: false,

  prepareCredential: (input) => prepareServiceAccount(readServiceAccount(input)),

  async validateCredential(secret, _app, deps) {
    return checkStoredCredential(secret, parseFcmCredential, async (credential) => {
      const check = await validateFcmCredential(credential, { timeoutMs: deps.config.vendorTimeoutMs, clock: deps.clock, ...googleHosts(deps) });
      return check.ok ? { ok: true } : { ok: false, reason: `${check.reason}: ${check.message}`, transient: check.retryable };
    });
  },

  createChannel(secret, _app, _environment, deps) {
    return createFcmChannel({ credential: parseFcmCredential(secret), ...googleHosts(deps), ...clientRuntime(deps) });
  },

  // Herald's `fcm_image` and `fcm_priority` (message.android) become the builder's image and priority.
  buildNotification({ req, pushId, now }) {
    return { notification: buildFcmNotification(req, { pushId, now, ...req.message.android?.vendor?.fcm }) };
  },

  // TPNS's badge_type has no FCM field: the app sets its own badge.
  perDeviceBadge() {
    return false;
  },

  normalizeVendorToken: normalizeFcmToken,
};
