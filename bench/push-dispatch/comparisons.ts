/**
 * The same-run ratios the report gives, and the targets some of them are held to. Herald's channel is always the
 * numerator; a rate ratio above 1 means Herald sent faster, a CPU ratio below 1 means it spent less per message.
 * The "≥ 0.8 × the bare loop" target is B1's (performance-anchors), applied to every row's bare client.
 */
import { median, round } from '../shared/stats.ts';
import type { BenchClientName, Vendor } from './types.ts';

export type RatioKey = 'heraldOverNodeApn' | 'heraldOverBare' | 'fcmHeraldOverBare' | 'webPushHeraldOverBare' | 'webPushHeraldOverWebPush';

export type RateTargetKey = 'rateVsNodeApn' | 'rateVsBare' | 'fcmRateVsBare' | 'webPushRateVsBare';

export interface Comparison {
  key: RatioKey;
  vendor: Vendor;
  herald: BenchClientName;
  other: BenchClientName;
  target?: { key: RateTargetKey; min: number };
}

export const COMPARISONS: readonly Comparison[] = [
  { key: 'heraldOverNodeApn', vendor: 'apns', herald: 'herald', other: 'node-apn', target: { key: 'rateVsNodeApn', min: 2 } },
  { key: 'heraldOverBare', vendor: 'apns', herald: 'herald', other: 'bare-h2', target: { key: 'rateVsBare', min: 0.8 } },
  { key: 'fcmHeraldOverBare', vendor: 'fcm', herald: 'herald-fcm', other: 'bare-fcm', target: { key: 'fcmRateVsBare', min: 0.8 } },
  { key: 'webPushHeraldOverBare', vendor: 'webpush', herald: 'herald-webpush', other: 'bare-webpush', target: { key: 'webPushRateVsBare', min: 0.8 } },
  { key: 'webPushHeraldOverWebPush', vendor: 'webpush', herald: 'herald-webpush', other: 'web-push' },
];

export interface Ratio {
  /** Ratio of the medians. */
  ofMedians: number;
  /** Median of the per-round ratios (paired within a round). */
  pairedMedian: number;
}

export interface Target {
  target: number;
  measured: number;
  met: boolean;
}

/** `num` and `den` hold one value per round, in round order. */
export function ratio(num: readonly number[], den: readonly number[]): Ratio {
  const paired: number[] = [];
  for (let i = 0; i < Math.min(num.length, den.length); i++) paired.push(num[i]! / den[i]!);
  return { ofMedians: round(median(num) / median(den), 3), pairedMedian: round(median(paired), 3) };
}
