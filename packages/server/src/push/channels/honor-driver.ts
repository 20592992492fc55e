/**
 * Honor Push as a driver. The credential is what TPNS's console asks for: AppId, ClientId and SecretKey (the
 * Honor client secret). Saving it asks Honor's token endpoint for a token; the channel runs on the Huawei-family
 * engine, and so does the driver.
 */
import { createHonorChannel, parseHonorCredential, validateHonorCredential, type HonorCredential } from '@herald/channels/honor';
import { buildHonorNotification } from '../model/honor/build-honor-notification.ts';
import type { ChannelDriver } from './channel-driver.ts';
import { huaweiFamilyDriver } from './huawei-family-driver.ts';

export const HONOR_DRIVER: ChannelDriver = huaweiFamilyDriver<HonorCredential>('honor', 'honor', {
  parse: parseHonorCredential,
  validate: validateHonorCredential,
  createChannel: createHonorChannel,
  // Herald's `honor_importance` and `honor_image` (message.android).
  build: (req, o) => buildHonorNotification(req, { ...o, ...req.message.android?.vendor?.honor }),
});
