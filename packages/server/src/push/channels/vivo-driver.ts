/**
 * vivo push as a driver. The console form asks for AppID, AppKey and AppSecret, the three values vivo's auth
 * call signs with; all three are sealed, since the client needs them together, and the ids are shown. vivo
 * regIds are long digit strings today; any printable word is kept, in case vivo changes their form.
 */
import { createVivoChannel, parseVivoCredential, validateVivoCredential, type VivoCredential } from '@herald/channels/vivo';
import { buildVivoNotification } from '../model/vivo/build-vivo-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';
import { fetchVendorDriver } from './fetch-vendor-driver.ts';
import { notificationOnly } from './notification-only-build.ts';

export const VIVO_DRIVER: ChannelDriver = fetchVendorDriver<VivoCredential>({
  id: 'vivo',
  statName: 'vivo',
  kind: 'app_secret',
  wants: 'appId, appKey and appSecret',
  credential: parseVivoCredential,
  shown: ['appId', 'appKey'],
  host: 'vivoBaseUrl',
  validate: validateVivoCredential,
  // The TPNS environment is iOS-only, so it does not select vivo's test mode (pushMode 1): pushes stay live.
  createChannel: createVivoChannel,
  // Herald's `vivo_notify_type` (message.android) overrides the notifyType that ring and vibrate make.
  buildNotification: notificationOnly('vivo', (req, o) => buildVivoNotification(req, { ...o, ...req.message.android?.vendor?.vivo })),
});
