/**
 * Maps device fields onto TPNS auto-tag types (xg_auto_*), for tag_rules evaluation.
 */
import type { AutoTagValues } from './tag-rules.ts';

/** The device fields auto tags are derived from (a subset of the store's DeviceRow). */
export interface AutoTagSource {
  app_version: string;
  sdk_version: string;
  locale: string;
  device_brand: string;
  device_model: string;
  /** Epoch milliseconds. */
  last_active_at: number;
}

/** Splits a BCP 47 or POSIX locale ("zh-Hans-CN", "en_US") into language and region. */
export function parseLocale(locale: string): { language?: string; region?: string } {
  const parts = locale.split(/[-_.@]/).filter((p) => p !== '');
  const language = parts[0]?.toLowerCase();
  const region = parts.slice(1).find((p) => /^[A-Za-z]{2}$|^\d{3}$/.test(p))?.toUpperCase();
  return {
    ...(language !== undefined && /^[a-z]{2,3}$/.test(language) ? { language } : {}),
    ...(region !== undefined ? { region } : {}),
  };
}

/** yyyymmdd of an epoch-ms instant at a fixed UTC offset (TPNS dates are UTC+8). */
export function dayStamp(epochMs: number, utcOffsetMinutes: number): string {
  const d = new Date(epochMs + utcOffsetMinutes * 60_000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/**
 * Auto-tag values of a device. `xg_auto_active` is the day of the device's last activity (Herald keeps no
 * per-day history); `xg_auto_province` is unknown to Herald, so province tags never match.
 */
export function autoTagValuesFromDevice(device: AutoTagSource, utcOffsetMinutes: number): AutoTagValues {
  const { language, region } = parseLocale(device.locale);
  const values: Partial<Record<keyof AutoTagValues, string>> = {
    xg_auto_version: device.app_version,
    xg_auto_sdkversion: device.sdk_version,
    xg_auto_devicebrand: device.device_brand,
    xg_auto_deviceversion: device.device_model,
    xg_auto_active: dayStamp(device.last_active_at, utcOffsetMinutes),
  };
  if (language !== undefined) values.xg_auto_systemlanguage = language;
  if (region !== undefined) values.xg_auto_country = region;
  return values;
}
