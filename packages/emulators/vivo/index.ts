export { createVivoEmulator } from './create-vivo-emulator.ts';
export { VIVO_CODES, VIVO_OK, VIVO_HTTP_ERROR_TEXT } from './vivo-codes.ts';
export { VIVO_CATEGORIES } from './vivo-message-check.ts';
export type {
  VivoEmulator,
  VivoEmulatorOptions,
  VivoEmulatorCounters,
  VivoAppRegistration,
  VivoDeviceRegistration,
  VivoReceivedNotification,
  VivoFault,
} from './types.ts';
