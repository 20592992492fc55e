/**
 * OPPO Push as a driver. The console form asks for AppKey and MasterSecret, which sign the server's auth call;
 * AppSecret and AppID belong to the app's client SDK and are kept only when given. Registration ids pick the
 * China or the overseas host by their form, so both configured hosts go to the client. The ids are hex with an
 * optional region prefix (`CN_…`, `OPPO_CN_…`); any printable word is kept.
 */
import { createOppoChannel, parseOppoCredential, validateOppoCredential, type OppoCredential } from '@herald/channels/oppo';
import { buildOppoNotification } from '../model/oppo/build-oppo-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';
import { fetchVendorDriver } from './fetch-vendor-driver.ts';

export const OPPO_DRIVER: ChannelDriver = fetchVendorDriver<OppoCredential>({
  id: 'oppo',
  statName: 'oppo',
  kind: 'master_secret',
  wants: 'appKey and masterSecret',
  credential: parseOppoCredential,
  shown: ['appKey', 'appId'],
  host: 'oppoBaseUrl',
  validate: validateOppoCredential,
  createChannel: (o, config) => createOppoChannel({ ...o, intlBaseUrl: config.oppoIntlBaseUrl }),

  // OPPO's category and notify_level have no TPNS field: Herald's `oppo_category` and `oppo_notify_level` carry
  // them (message.android); without them OPPO applies its defaults.
  buildNotification({ req, pushId, now, collapseRequested }) {
    // OPPO cannot replace a notification: only a collapse_id the push asked for (without force_collapse) stops it.
    if (collapseRequested === false) req = { ...req, collapseId: undefined };
    const built = buildOppoNotification(req, { pushId, now, ...req.message.android?.vendor?.oppo });
    return built.notification === undefined ? { notification: undefined, skipReason: built.notes.join('; ') } : { notification: built.notification };
  },
});
