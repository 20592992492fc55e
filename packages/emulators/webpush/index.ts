export { createWebPushEmulator } from './create-webpush-emulator.ts';
export { decryptAes128gcm, readAes128gcmHeader, WebPushDecryptError, type Aes128gcmHeader } from './decrypt-aes128gcm.ts';
export type {
  WebPushEmulator,
  WebPushEmulatorOptions,
  WebPushEmulatorCounters,
  WebPushFault,
  WebPushUrgency,
  EmulatorSubscription,
  VirtualBrowserOptions,
  ReceivedPushMessage,
  VapidClaimsSeen,
} from './types.ts';
