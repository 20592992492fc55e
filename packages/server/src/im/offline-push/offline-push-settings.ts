/**
 * Reads a message's stored `offlinePushInfo` into typed per-message push settings. The stored object comes in
 * two spellings, and both are read:
 * - from the chat SDK (/ws), V2TIMOfflinePushInfo's property names at the top level: `iOSSound`,
 *   `ignoreIOSBadge`, `androidOPPOChannelID` … (the Flutter SDK's lower camel case; the iOS header's
 *   `AndroidOPPOChannelID` is accepted too) — reference §4.4;
 * - from the REST API (/v4), Tencent's `OfflinePushInfo` with its `AndroidInfo` / `ApnsInfo` objects kept as given
 *   under `androidInfo` / `apnsInfo` (PascalCase keys: `OPPOChannelID`, `BadgeMode` …) — reference §4.7.
 * `vendorParams` (a JSON string: `fcmPriority`, `vivoNotifyType`) is read as well. A value of the wrong type is
 * left out and named in `notes`, so a bad field never costs the push.
 */
import type { OfflinePushInfo } from '@herald/protocol';

type Json = Record<string, unknown>;

export type IosPushType = 'apns' | 'voip';
export type InterruptionLevel = 'passive' | 'active' | 'time-sensitive' | 'critical';
export type OppoNotifyLevel = 1 | 2 | 16;

export interface IosPushSettings {
  pushType: IosPushType;
  /** `ignoreIOSBadge` / `ApnsInfo.BadgeMode=1`: this message does not add to the badge. */
  ignoreBadge: boolean;
  /** As sent: `push.no_sound` (silent), `default`, or a bundled file name with its extension. */
  sound?: string;
  interruptionLevel?: InterruptionLevel;
  /** `enableIOSBackgroundNotification`: wake the app and hand it `ext`. */
  backgroundNotification: boolean;
  /** `iOSImage` / `ApnsInfo.Image`: an image URL for the app's Notification Service Extension. */
  image?: string;
  /** `ApnsInfo.MutableContent=1`. */
  mutableContent: boolean;
  /** `ApnsInfo.Title` / `SubTitle`: iOS only, the title overrides the common one. */
  title?: string;
  subtitle?: string;
}

export interface AndroidPushSettings {
  /** A file in `res/raw`, without its extension. */
  sound?: string;
  huaweiChannelId?: string;
  huaweiCategory?: string;
  huaweiImportance?: 'LOW' | 'NORMAL';
  huaweiImage?: string;
  honorImportance?: 'LOW' | 'NORMAL';
  honorImage?: string;
  xiaomiChannelId?: string;
  oppoChannelId?: string;
  oppoCategory?: string;
  oppoNotifyLevel?: OppoNotifyLevel;
  vivoClassification?: 0 | 1;
  vivoCategory?: string;
  /** 1 none, 2 ring, 3 vibrate, 4 both. */
  vivoNotifyType?: 1 | 2 | 3 | 4;
  fcmChannelId?: string;
  fcmImage?: string;
  fcmPriority?: 'normal' | 'high';
  /** 0 public (公信) message, 1 private message. */
  meizuNotifyType?: 0 | 1;
}

export interface OfflinePushSettings {
  title?: string;
  desc?: string;
  /** Passed through unchanged. */
  ext?: string;
  disablePush: boolean;
  ios: IosPushSettings;
  android: AndroidPushSettings;
  /** Fields that were present but unusable, for the self-check. */
  notes: string[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object without its undefined entries, so absent settings are absent keys. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A nested object that may also have been stored as a JSON string. */
function objectOf(value: unknown): Json | undefined {
  if (isObject(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** One setting's possible places: top-level SDK names first, then the REST object's key. */
interface Source {
  top: readonly string[];
  rest?: { from: 'android' | 'apns' | 'vendor'; key: string };
}

class Reader {
  readonly notes: string[] = [];
  constructor(
    private readonly top: Json,
    private readonly android: Json,
    private readonly apns: Json,
    private readonly vendor: Json,
  ) {}

  private raw(src: Source): { value: unknown; name: string } | undefined {
    for (const key of src.top) {
      const value = this.top[key];
      if (value !== undefined && value !== null) return { value, name: key };
    }
    if (src.rest === undefined) return undefined;
    const obj = src.rest.from === 'android' ? this.android : src.rest.from === 'apns' ? this.apns : this.vendor;
    const value = obj[src.rest.key];
    const prefix = src.rest.from === 'android' ? 'AndroidInfo.' : src.rest.from === 'apns' ? 'ApnsInfo.' : 'vendorParams.';
    return value === undefined || value === null ? undefined : { value, name: prefix + src.rest.key };
  }

  /** A non-empty string (trimmed). */
  text(src: Source): string | undefined {
    const found = this.raw(src);
    if (found === undefined) return undefined;
    if (typeof found.value !== 'string') {
      this.notes.push(`${found.name} ignored: not a string`);
      return undefined;
    }
    const v = found.value.trim();
    return v === '' ? undefined : v;
  }

  /** One of `allowed`, compared case-insensitively for strings; numbers given as strings are accepted. */
  choice<T extends string | number>(src: Source, allowed: readonly T[]): T | undefined {
    const found = this.raw(src);
    if (found === undefined) return undefined;
    const v = found.value;
    const match = allowed.find((a) =>
      typeof a === 'number' ? v === a || (typeof v === 'string' && v.trim() !== '' && Number(v) === a) : typeof v === 'string' && v.trim().toUpperCase() === a.toUpperCase(),
    );
    if (match === undefined) this.notes.push(`${found.name} ignored: not one of ${allowed.join(', ')}`);
    return match;
  }

  flag(src: Source): boolean {
    const found = this.raw(src);
    if (found === undefined) return false;
    if (found.value === true || found.value === 1) return true;
    if (found.value === false || found.value === 0) return false;
    this.notes.push(`${found.name} ignored: not a boolean`);
    return false;
  }
}

const sdk = (name: string): string[] => [name, name.charAt(0).toUpperCase() + name.slice(1)];

/** Reads stored `offlinePushInfo`; undefined (no push settings) reads as all defaults. */
export function readOfflinePushSettings(info: OfflinePushInfo | undefined): OfflinePushSettings {
  const top: Json = info ?? {};
  const r = new Reader(top, objectOf(top['androidInfo']) ?? {}, objectOf(top['apnsInfo']) ?? {}, objectOf(top['vendorParams']) ?? {});

  const ios: IosPushSettings = defined({
    pushType: r.choice({ top: ['iOSPushType'] }, [0, 1] as const) === 1 ? 'voip' : 'apns',
    ignoreBadge: r.flag({ top: ['ignoreIOSBadge'], rest: { from: 'apns', key: 'BadgeMode' } }),
    backgroundNotification: r.flag({ top: ['enableIOSBackgroundNotification'] }),
    mutableContent: r.flag({ top: [], rest: { from: 'apns', key: 'MutableContent' } }),
    sound: r.text({ top: ['iOSSound'], rest: { from: 'apns', key: 'Sound' } }),
    // Tencent's REST spelling of the interruption level is not documented (reference §6.3); this is a guess.
    interruptionLevel: r.choice({ top: ['iOSInterruptionLevel'], rest: { from: 'apns', key: 'InterruptionLevel' } }, ['passive', 'active', 'time-sensitive', 'critical'] as const),
    image: r.text({ top: ['iOSImage'], rest: { from: 'apns', key: 'Image' } }),
    title: r.text({ top: [], rest: { from: 'apns', key: 'Title' } }),
    subtitle: r.text({ top: [], rest: { from: 'apns', key: 'SubTitle' } }),
  });

  const importance = ['LOW', 'NORMAL'] as const;
  const android: AndroidPushSettings = defined({
    sound: r.text({ top: sdk('androidSound'), rest: { from: 'android', key: 'Sound' } }),
    huaweiChannelId: r.text({ top: [], rest: { from: 'android', key: 'HuaWeiChannelID' } }),
    huaweiCategory: r.text({ top: sdk('androidHuaWeiCategory'), rest: { from: 'android', key: 'HuaWeiCategory' } }),
    huaweiImportance: r.choice({ top: [], rest: { from: 'android', key: 'HuaWeiImportance' } }, importance),
    huaweiImage: r.text({ top: sdk('androidHuaWeiImage'), rest: { from: 'android', key: 'HuaWeiImage' } }),
    honorImportance: r.choice({ top: sdk('androidHonorImportance'), rest: { from: 'android', key: 'HonorImportance' } }, importance),
    honorImage: r.text({ top: sdk('androidHonorImage'), rest: { from: 'android', key: 'HonorImage' } }),
    xiaomiChannelId: r.text({ top: sdk('androidXiaoMiChannelID'), rest: { from: 'android', key: 'XiaoMiChannelID' } }),
    oppoChannelId: r.text({ top: sdk('androidOPPOChannelID'), rest: { from: 'android', key: 'OPPOChannelID' } }),
    oppoCategory: r.text({ top: sdk('androidOPPOCategory'), rest: { from: 'android', key: 'OPPOCategory' } }),
    oppoNotifyLevel: r.choice({ top: sdk('androidOPPONotifyLevel'), rest: { from: 'android', key: 'OPPONotifyLevel' } }, [1, 2, 16] as const),
    vivoClassification: r.choice({ top: sdk('androidVIVOClassification'), rest: { from: 'android', key: 'VIVOClassification' } }, [0, 1] as const),
    vivoCategory: r.text({ top: sdk('androidVIVOCategory'), rest: { from: 'android', key: 'VIVOCategory' } }),
    vivoNotifyType:
      r.choice({ top: [], rest: { from: 'android', key: 'VIVONotifyType' } }, [1, 2, 3, 4] as const) ??
      r.choice({ top: [], rest: { from: 'vendor', key: 'vivoNotifyType' } }, [1, 2, 3, 4] as const),
    fcmChannelId: r.text({ top: sdk('androidFCMChannelID'), rest: { from: 'android', key: 'GoogleChannelID' } }),
    fcmImage: r.text({ top: sdk('androidFCMImage'), rest: { from: 'android', key: 'GoogleImage' } }),
    fcmPriority:
      r.choice({ top: [], rest: { from: 'android', key: 'GooglePriority' } }, ['normal', 'high'] as const) ??
      r.choice({ top: [], rest: { from: 'vendor', key: 'fcmPriority' } }, ['normal', 'high'] as const),
    meizuNotifyType: r.choice({ top: sdk('androidMeizuNotifyType'), rest: { from: 'android', key: 'MeiZuNoticeMsgType' } }, [0, 1] as const),
  });

  const settings: OfflinePushSettings = { disablePush: info?.disablePush === true, ios, android, notes: r.notes };
  // Title, desc and ext are the app's own strings, shown or passed on as given; blank means "not set".
  for (const key of ['title', 'desc', 'ext'] as const) {
    const v = top[key];
    if (typeof v === 'string' && v.trim() !== '') settings[key] = v;
    else if (v !== undefined && v !== null && typeof v !== 'string') settings.notes.push(`${key} ignored: not a string`);
  }
  return settings;
}

/** Whether the stored object carries any push setting at all (signaling stores `{}` when none was given). */
export function hasOfflinePushInfo(info: OfflinePushInfo | undefined): boolean {
  return info !== undefined && Object.values(info).some((v) => v !== undefined && v !== null);
}
