export { createApnsEmulator } from './create-apns-emulator.ts';
export { APNS_REASON_STATUS, type ApnsReason } from './reasons.ts';
export { APNS_PUSH_TYPE_SUFFIX, bundleIdOfTopic } from './push-types.ts';
export type {
  ApnsEmulator,
  ApnsEmulatorOptions,
  ApnsEmulatorCounters,
  ApnsEnvironment,
  ApnsFault,
  ApnsKeyRegistration,
  ApnsDeviceRegistration,
  ReceivedNotification,
} from './types.ts';
