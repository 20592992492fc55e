/** How the console names platforms, their app identifiers and service modes (the TPNS console's words). */
import type { Platform } from '../api/types.ts';

export const PLATFORM_LABEL: Record<Platform, string> = { ios: 'iOS', android: 'Android', web: 'Web' };
export const BUNDLE_ID_LABEL: Record<Platform, string> = { ios: 'Bundle ID', android: 'Package name', web: 'Origin' };

export function serviceModeLabel(mode: string): string {
  if (mode === 'standard') return 'Standard';
  if (mode === 'im_push_only') return 'IM push only';
  return mode;
}

export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
