/**
 * A driver for a vendor whose client speaks through the global fetch (Mi Push, OPPO, vivo, Meizu). Each has one
 * configured API origin, a credential check that makes one signed call, the same credential for both
 * environments, opaque registration ids and no badge counted on the server. A driver file names its vendor's
 * parts and how it builds a push; the rest is here.
 */
import type { ChannelId, PushChannel } from '@herald/channels';
import type { Config } from '../../config/schema.ts';
import type { AppRow } from '../../store/schema.ts';
import type { ChannelDriver, TpnsChannelName } from './channel-driver.ts';
import { credentialFields, credentialForm, parseCredentialForm } from './credential-form.ts';
import { normalizeOpaqueVendorToken } from './opaque-vendor-token.ts';
import { clientRuntime, type ClientRuntime } from './vendor-client-options.ts';

type VendorHost = 'xiaomiBaseUrl' | 'oppoBaseUrl' | 'vivoBaseUrl' | 'meizuBaseUrl';

export interface FetchVendor<C extends object> {
  id: ChannelId;
  statName: TpnsChannelName;
  /** The credential's kind, as `PreparedCredential.kind`. */
  kind: string;
  /** The fields a form cannot do without, named when the form is not an object. */
  wants: string;
  /** Reads a form or a sealed secret, adding what the app holds and the form does not. */
  credential(fields: Record<string, unknown>, app: AppRow): C;
  /** Parser fields the API knows by another name (what `credential` took from the app). */
  renamed?: Readonly<Record<string, string>>;
  /** The fields sealed; the whole credential unless given. */
  sealed?: readonly (keyof C & string)[];
  /** The fields the API shows when given: ids, never a secret. */
  shown: readonly (keyof C & string)[];
  /** The config key of the vendor's API origin, for the check and the client. */
  host: VendorHost;
  validate(credential: C, o: { baseUrl: string; timeoutMs: number; clock: () => number }): Promise<{ ok: true } | { ok: false; reason: string; transient: boolean }>;
  createChannel(o: ClientRuntime & { credential: C; baseUrl: string }, config: Config): PushChannel;
  buildNotification: ChannelDriver['buildNotification'];
}

export function fetchVendorDriver<C extends object>(vendor: FetchVendor<C>): ChannelDriver {
  return {
    id: vendor.id,
    platform: 'android',
    statName: vendor.statName,
    environmentScoped: false,

    prepareCredential(input, app) {
      const form = credentialForm(input, vendor.wants);
      const credential = parseCredentialForm(() => vendor.credential(form, app), vendor.renamed);
      const secret = vendor.sealed !== undefined ? credentialFields(credential, vendor.sealed) : { ...(credential as Record<string, unknown>) };
      return { kind: vendor.kind, secret, meta: credentialFields(credential, vendor.shown) };
    },

    async validateCredential(secret, app, deps) {
      const credential = vendor.credential(secret, app);
      const check = await vendor.validate(credential, { baseUrl: deps.config[vendor.host], timeoutMs: deps.config.vendorTimeoutMs, clock: deps.clock });
      return check.ok ? { ok: true } : { ok: false, reason: check.reason, transient: check.transient };
    },

    // deps.ca is not passed: the global fetch takes no per-client CA.
    createChannel(secret, app, _environment, deps) {
      return vendor.createChannel({ credential: vendor.credential(secret, app), baseUrl: deps.config[vendor.host], ...clientRuntime(deps) }, deps.config);
    },

    buildNotification: vendor.buildNotification,

    perDeviceBadge() {
      return false;
    },

    normalizeVendorToken: normalizeOpaqueVendorToken,
  };
}
