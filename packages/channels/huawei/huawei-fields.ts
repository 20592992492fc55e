/**
 * Value sets of Huawei's AndroidConfig and AndroidNotification (send API reference, "下行消息"): the message
 * categories of self-classification (each needs an approved entitlement; MARKETING only labels content), and
 * the reminder levels.
 */

export const HUAWEI_CATEGORIES: ReadonlySet<string> = new Set([
  'IM',
  'VOIP',
  'SUBSCRIPTION',
  'TRAVEL',
  'HEALTH',
  'WORK',
  'ACCOUNT',
  'EXPRESS',
  'FINANCE',
  'DEVICE_REMINDER',
  'MAIL',
  'PLAY_VOICE',
  'MARKETING',
]);

/** LOW: silent reminder; NORMAL: sound and vibration (adjusted by category or smart classification). */
export type HuaweiImportance = 'LOW' | 'NORMAL';

/** ClickAction.type: 1 custom page (intent or action), 2 URL (https), 3 open the app. */
export type HuaweiClickType = 1 | 2 | 3;
