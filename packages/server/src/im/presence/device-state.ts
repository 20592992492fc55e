/**
 * Tencent's device states (reference §4.2) and how a device moves between them. Only `push_online` and
 * `background` devices get offline push; `offline` devices get nothing.
 */
export type DeviceState = 'online' | 'background' | 'push_online' | 'offline';

export type AppState = 'foreground' | 'background';

export const DEVICE_STATES: readonly DeviceState[] = ['online', 'background', 'push_online', 'offline'];

/** The state of a connected, logged-in device. */
export function connectedState(appState: AppState): DeviceState {
  return appState === 'background' ? 'background' : 'online';
}

export const PLATFORMS = ['iOS', 'Android', 'Web', 'Windows', 'Mac', 'Linux', 'iPad', 'HarmonyOS', 'Unknown'] as const;

export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);
}
