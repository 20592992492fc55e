export { createXiaomiEmulator } from './create-xiaomi-emulator.ts';
export {
  MAX_REGIDS as XIAOMI_EMULATOR_MAX_REGIDS,
  TITLE_MAX as XIAOMI_EMULATOR_TITLE_MAX,
  DESCRIPTION_MAX as XIAOMI_EMULATOR_DESCRIPTION_MAX,
  PAYLOAD_MAX_BYTES as XIAOMI_EMULATOR_PAYLOAD_MAX_BYTES,
} from './validate-xiaomi-form.ts';
export type {
  XiaomiEmulator,
  XiaomiEmulatorOptions,
  XiaomiEmulatorCounters,
  XiaomiAppRegistration,
  XiaomiDeviceRegistration,
  XiaomiFault,
  XiaomiReceivedMessage,
} from './types.ts';
