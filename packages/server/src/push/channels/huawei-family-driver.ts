/**
 * A driver for a channel on the Huawei-family engine (Huawei Push Kit, Honor Push). Both take an OAuth client
 * credential, are checked by asking their token endpoint for a token (the one check they offer without a
 * device), run their client on a push host and an auth host with the configured CA, and take the optional
 * launcher activity their badges need. A driver file names its vendor's parts; the rest is here.
 */
import type { ChannelNotification, PushChannel } from '@herald/channels';
import type { HuaweiFamilyChannelOptions } from '@herald/channels/huawei';
import { heraldError } from '@herald/protocol';
import type { FamilyBuildOptions } from '../model/huawei/tpns-android-fields.ts';
import type { PushRequest } from '../model/push-request.ts';
import type { ChannelDriver, TpnsChannelName } from './channel-driver.ts';
import { credentialFields, credentialForm, parseCredentialForm } from './credential-form.ts';
import { normalizeOpaqueVendorToken } from './opaque-vendor-token.ts';
import { checkStoredCredential } from './stored-credential-check.ts';
import { clientRuntime, vendorCa } from './vendor-client-options.ts';

/** A Java class name with its package, e.g. `com.example.chat.MainActivity`. */
const CLASS_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/** Both vendors' credentials: the ids shown on the API, and the secret. */
interface FamilyCredential {
  appId: string;
  /** Huawei's parser leaves it out when it is the App ID. */
  clientId?: string;
  clientSecret: string;
}

/** What a vendor's channel package and push model provide: the parts the driver runs. */
export interface HuaweiFamilyParts<C extends FamilyCredential> {
  parse(input: unknown): C;
  validate(credential: C, o: { authBaseUrl: string; timeoutMs: number; ca?: string }): Promise<{ ok: true } | { ok: false; reason: string; retryable: boolean }>;
  createChannel(o: HuaweiFamilyChannelOptions & { credential: C }): PushChannel;
  build(req: PushRequest, o: FamilyBuildOptions): ChannelNotification;
}

/**
 * The optional entry activity Huawei and Honor need with any badge (`badge.class`). Kept in the credential's
 * meta because it belongs to the app's build, as the credential does.
 */
function readBadgeClass(form: Record<string, unknown>): string | undefined {
  const v = form['badgeClass'];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !CLASS_NAME.test(v.trim())) {
    throw heraldError('REQUEST_PARAM_INVALID', 'badgeClass: must be the fully qualified class name of the launcher activity');
  }
  return v.trim();
}

/** `id` also names the configured origins, `<id>PushUrl` and `<id>AuthUrl`. */
export function huaweiFamilyDriver<C extends FamilyCredential>(id: 'huawei' | 'honor', statName: TpnsChannelName, vendor: HuaweiFamilyParts<C>): ChannelDriver {
  const pushUrl = `${id}PushUrl` as const;
  const authUrl = `${id}AuthUrl` as const;
  return {
    id,
    platform: 'android',
    statName,
    environmentScoped: false,

    prepareCredential(input) {
      const form = credentialForm(input);
      const credential = parseCredentialForm(() => vendor.parse(form));
      const badgeClass = readBadgeClass(form);
      const meta = { ...credentialFields(credential, ['appId', 'clientId']), ...(badgeClass === undefined ? {} : { badgeClass }) };
      return { kind: 'client_secret', secret: { ...(credential as Record<string, unknown>) }, meta };
    },

    async validateCredential(secret, _app, deps) {
      return checkStoredCredential(secret, vendor.parse, async (credential) => {
        const check = await vendor.validate(credential, { authBaseUrl: deps.config[authUrl], timeoutMs: deps.config.vendorTimeoutMs, ...vendorCa(deps) });
        return check.ok ? { ok: true } : { ok: false, reason: check.reason, transient: check.retryable };
      });
    },

    createChannel(secret, _app, _environment, deps) {
      const credential = vendor.parse(secret);
      return vendor.createChannel({ credential, baseUrl: deps.config[pushUrl], authBaseUrl: deps.config[authUrl], ...vendorCa(deps), ...clientRuntime(deps) });
    },

    // The badge class comes from the credential's meta; without one the builders send no badge.
    buildNotification({ req, pushId, now, app, credentialMeta }) {
      const badgeClass = typeof credentialMeta?.['badgeClass'] === 'string' ? credentialMeta['badgeClass'] : undefined;
      // Huawei and Honor refuse a notification without a title; TPNS's is optional, so the text stands in, as on the other vendors.
      return { notification: vendor.build(req, { pushId, now, packageName: app.bundle_id, fallbackTitle: req.message.content, ...(badgeClass === undefined ? {} : { badgeClass }) }) };
    },

    // badge_type -2 becomes the vendor's own add-one badge (`add_num` / `addNum`): the device counts, not the server.
    perDeviceBadge() {
      return false;
    },

    normalizeVendorToken: normalizeOpaqueVendorToken,
  };
}
