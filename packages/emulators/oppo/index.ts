export { createOppoEmulator, MAX_BATCH_MESSAGES as OPPO_EMULATOR_MAX_BATCH, TIMESTAMP_WINDOW_MS as OPPO_EMULATOR_TIMESTAMP_WINDOW_MS } from './create-oppo-emulator.ts';
export {
  CATEGORIES as OPPO_EMULATOR_CATEGORIES,
  NOTIFY_LEVELS as OPPO_EMULATOR_NOTIFY_LEVELS,
  TITLE_MAX as OPPO_EMULATOR_TITLE_MAX,
  CONTENT_MAX as OPPO_EMULATOR_CONTENT_MAX,
} from './validate-oppo-message.ts';
export type {
  OppoEmulator,
  OppoEmulatorOptions,
  OppoEmulatorCounters,
  OppoEmulatorRegion,
  OppoAppRegistration,
  OppoDeviceRegistration,
  OppoFault,
  OppoReceivedMessage,
} from './types.ts';
