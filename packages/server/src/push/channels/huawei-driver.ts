/**
 * Huawei Push Kit as a driver. The credential is what TPNS's console asks for (APPID and Client Secret, plus the
 * OAuth client ID when the AppGallery Connect project shows a separate one). Saving it asks Huawei's OAuth
 * endpoint for a token, the one check Huawei offers without a device. The driver's shape is the Huawei-family
 * one, shared with Honor.
 */
import { createHuaweiChannel, parseHuaweiCredential, validateHuaweiCredential, type HuaweiCredential } from '@herald/channels/huawei';
import { buildHuaweiNotification } from '../model/huawei/build-huawei-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';
import { huaweiFamilyDriver } from './huawei-family-driver.ts';

export const HUAWEI_DRIVER: ChannelDriver = huaweiFamilyDriver<HuaweiCredential>('huawei', 'hw', {
  parse: parseHuaweiCredential,
  validate: validateHuaweiCredential,
  createChannel: createHuaweiChannel,
  // Herald's `hw_image` (message.android); category and importance come from TPNS's hw_category, hw_importance.
  build: (req, o) => buildHuaweiNotification(req, { ...o, ...req.message.android?.vendor?.huawei }),
});
