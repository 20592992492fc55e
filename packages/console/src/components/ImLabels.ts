/** How the IM pages name things, and the field rules of IM forms (they mirror the server's; it stays the authority). */
import type { Rule } from '../validation/rules.ts';

export const CHANNEL_LABEL: Record<string, string> = {
  apns: 'APNs', fcm: 'FCM', huawei: 'Huawei', honor: 'Honor', xiaomi: 'Xiaomi', oppo: 'OPPO', vivo: 'vivo', meizu: 'Meizu', webpush: 'Web Push',
};

export function channelLabel(channel: string): string {
  return CHANNEL_LABEL[channel] ?? channel;
}

/** The stored device states (push-config) under Tencent's names (self-check, lists). */
const STATE_NAMES: Record<string, string> = { online: 'Online', background: 'Background', push_online: 'PushOnline', offline: 'Offline' };

export function stateName(state: string): string {
  return STATE_NAMES[state] ?? state;
}

export const STATE_MEANING: Record<string, string> = {
  Online: 'connected, in the foreground: messages arrive over the connection',
  Background: 'connected, in the background: offline pushes go out',
  PushOnline: 'disconnected but logged in: offline pushes go out',
  Offline: 'logged out: no offline push',
};

export const MAX_SDK_APP_ID = 4_294_967_295;

/** Tencent's UserID rule: 1 to 32 characters of printable ASCII. */
export const imUserId: Rule = (value) => {
  if (value.length > 32) return 'A UserID must be at most 32 characters.';
  return /^[\x20-\x7e]+$/.test(value) ? undefined : 'A UserID uses printable ASCII characters only (letters, digits, punctuation, spaces).';
};

export const sdkAppId: Rule = (value) => {
  if (!/^[0-9]{1,10}$/.test(value)) return 'An SDKAppID is a whole number.';
  const n = Number(value);
  return n >= 1 && n <= MAX_SDK_APP_ID ? undefined : `An SDKAppID is between 1 and ${MAX_SDK_APP_ID}.`;
};

/** Admins typed as a list separated by commas or spaces. */
export function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter((s) => s !== '');
}

export function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  if (days >= 1 && seconds % 86_400 === 0) return days === 1 ? '1 day' : `${days} days`;
  const hours = Math.floor(seconds / 3600);
  if (hours >= 1 && seconds % 3600 === 0) return hours === 1 ? '1 hour' : `${hours} hours`;
  return `${seconds} seconds`;
}
