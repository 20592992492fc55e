/**
 * Xiaomi Mi Push as a driver. The console form asks for the AppSecret (AppID and AppKey are optional, kept to be
 * shown); the package name is not asked for because Mi Push checks it against the app's own, which Herald
 * already has as the app's bundle id. It is taken from the app each time a client is built, so renaming the
 * package needs no new credential. Mi regIds are base64-like text; Herald only insists on one printable word.
 */
import { createXiaomiChannel, parseXiaomiCredential, validateXiaomiCredential, type XiaomiCredential } from '@herald/channels/xiaomi';
import { buildXiaomiNotification } from '../model/xiaomi/build-xiaomi-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';
import { fetchVendorDriver } from './fetch-vendor-driver.ts';

export const XIAOMI_DRIVER: ChannelDriver = fetchVendorDriver<XiaomiCredential>({
  id: 'xiaomi',
  statName: 'xm',
  kind: 'app_secret',
  wants: 'appSecret',
  credential: (fields, app) => parseXiaomiCredential({ ...fields, packageName: app.bundle_id }),
  renamed: { packageName: 'bundle_id' },
  // The package is the app's, read again each time, so only what the form gave is sealed.
  sealed: ['appSecret', 'appId', 'appKey'],
  shown: ['packageName', 'appId', 'appKey'],
  host: 'xiaomiBaseUrl',
  validate: validateXiaomiCredential,
  createChannel: createXiaomiChannel,

  buildNotification({ req, pushId, now, app }) {
    return { notification: buildXiaomiNotification(req, { pushId, packageName: app.bundle_id, now }).notification };
  },
});
