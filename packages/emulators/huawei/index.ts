export { createHuaweiEmulator } from './create-huawei-emulator.ts';
export type {
  HuaweiEmulator,
  HuaweiEmulatorOptions,
  HuaweiEmulatorCounters,
  HuaweiAppRegistration,
  HuaweiDeviceRegistration,
  HuaweiReceivedMessage,
  HuaweiFault,
} from './types.ts';
// Building blocks shared with the Honor emulator.
export { createAccessTokenStore, type AccessTokenStore, type TokenCheck } from './access-tokens.ts';
export { createAppRegistry, type AppRegistry, type EmulatedApp } from './app-registry.ts';
export { createFaultQueue, retryAfterHeader, type FaultQueue, type QueuedFault } from './fault-queue.ts';
export { bearerToken, delay, formFields, isJsonRequest, listen, readBody, sendJson, type Handler, type Listener } from './http-kit.ts';
export { createVirtualDevices, type TokenStatus, type VirtualDevices } from './virtual-devices.ts';
export { checkPushMessage, isViolation, type CheckedMessage, type MessageLimits } from './push-message-rules.ts';
export { HONOR_FIELD_NAMES, HUAWEI_CATEGORIES, HUAWEI_FIELD_NAMES, type AndroidFieldNames, type Violation } from './android-message-rules.ts';
