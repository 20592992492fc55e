/**
 * Meizu (Flyme) push as a driver. The console form asks for AppID and AppSecret, which name and sign every
 * call (Meizu has no token endpoint); the AppKey belongs to the app's client SDK and is kept only to be shown.
 * Meizu pushIds are letters and digits today; any printable word is kept, in case Meizu changes their form.
 */
import { createMeizuChannel, parseMeizuCredential, validateMeizuCredential, type MeizuCredential } from '@herald/channels/meizu';
import { buildMeizuNotification } from '../model/meizu/build-meizu-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';
import { fetchVendorDriver } from './fetch-vendor-driver.ts';
import { notificationOnly } from './notification-only-build.ts';

export const MEIZU_DRIVER: ChannelDriver = fetchVendorDriver<MeizuCredential>({
  id: 'meizu',
  statName: 'mz',
  kind: 'app_secret',
  wants: 'appId and appSecret',
  credential: parseMeizuCredential,
  shown: ['appId', 'appKey'],
  host: 'meizuBaseUrl',
  validate: validateMeizuCredential,
  createChannel: createMeizuChannel,
  // Herald's `mz_notice_msg_type` (message.android) is Meizu's public/private message type.
  buildNotification: notificationOnly('Meizu', (req, o) => buildMeizuNotification(req, { ...o, ...req.message.android?.vendor?.meizu })),
});
