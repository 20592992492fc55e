export { createMeizuEmulator } from './create-meizu-emulator.ts';
export { MEIZU_CODES, MEIZU_VALUE_CODES } from './meizu-codes.ts';
export type {
  MeizuEmulator,
  MeizuEmulatorOptions,
  MeizuEmulatorCounters,
  MeizuAppRegistration,
  MeizuDeviceRegistration,
  MeizuReceivedNotification,
  MeizuFault,
} from './types.ts';
