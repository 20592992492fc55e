export { createHonorEmulator } from './create-honor-emulator.ts';
export type {
  HonorEmulator,
  HonorEmulatorOptions,
  HonorEmulatorCounters,
  HonorAppRegistration,
  HonorDeviceRegistration,
  HonorReceivedMessage,
  HonorFault,
} from './types.ts';
