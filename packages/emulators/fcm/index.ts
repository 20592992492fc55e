export { createFcmEmulator } from './create-fcm-emulator.ts';
export { createFcmServiceAccount, type GeneratedServiceAccount } from './create-fcm-service-account.ts';
export { generateFcmToken } from './device-registry.ts';
export {
  PAYLOAD_LIMIT as FCM_EMULATOR_PAYLOAD_LIMIT,
  TOPIC_PAYLOAD_LIMIT as FCM_EMULATOR_TOPIC_PAYLOAD_LIMIT,
  payloadSize as fcmEmulatorPayloadSize,
} from './check-send-request.ts';
export type {
  FcmEmulator,
  FcmEmulatorOptions,
  FcmEmulatorCounters,
  FcmDeviceRegistration,
  FcmFault,
  FcmFaultCode,
  TokenEndpointFault as FcmTokenEndpointFault,
  ReceivedFcmMessage,
  ServiceAccountRegistration as FcmServiceAccountRegistration,
} from './types.ts';
