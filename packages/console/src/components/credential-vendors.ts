/**
 * The vendor channels' credential forms: each vendor's own fields under the names its console shows, exactly as
 * `PUT /api/apps/:accessId/credentials/:channel` takes them (docs/channels.md, "Credentials"). FCM's service
 * account has a form of its own (a file or pasted JSON); the others are these field lists.
 */
import type { VendorChannel } from '../api/credentials-api.ts';
import type { Rule } from '../validation/rules.ts';
import { digits, javaClassName, printable } from './credential-rules.ts';

export interface VendorField {
  /** The API's field name. */
  name: string;
  label: string;
  required: boolean;
  rule: Rule;
  /** Never shown again once saved: typed into a password input. */
  secret?: boolean;
  hint?: string;
}

export interface VendorSpec {
  channel: Exclude<VendorChannel, 'webpush'>;
  label: string;
  /** Where the values are found in the vendor's console. */
  where: string;
  fields: VendorField[];
}

const BADGE_CLASS: VendorField = {
  name: 'badgeClass', label: 'Badge class', required: false, rule: javaClassName,
  hint: 'The launcher activity, fully qualified. Without it no badge is set.',
};

export const FCM_SPEC: VendorSpec = {
  channel: 'fcm', label: 'FCM', where: 'Firebase console → Project settings → Service accounts → Generate new private key.',
  fields: [],
};

export const VENDOR_SPECS: readonly VendorSpec[] = [
  FCM_SPEC,
  {
    channel: 'huawei', label: 'Huawei', where: 'AppGallery Connect → Project settings → App information (AppID) and OAuth 2.0 client (Client Secret).',
    fields: [
      { name: 'appId', label: 'AppID', required: true, rule: digits('AppID', 64) },
      { name: 'clientSecret', label: 'Client Secret', required: true, secret: true, rule: printable('Client Secret', 256) },
      { name: 'clientId', label: 'Client ID', required: false, rule: digits('Client ID', 64), hint: 'Only when it differs from the AppID.' },
      BADGE_CLASS,
    ],
  },
  {
    channel: 'honor', label: 'Honor', where: 'Honor Developers → Push service → App information.',
    fields: [
      { name: 'appId', label: 'App ID', required: true, rule: digits('App ID', 64) },
      { name: 'clientId', label: 'Client ID', required: true, rule: printable('Client ID', 256) },
      { name: 'clientSecret', label: 'Client Secret', required: true, secret: true, rule: printable('Client Secret', 256) },
      BADGE_CLASS,
    ],
  },
  {
    channel: 'xiaomi', label: 'Xiaomi', where: 'Xiaomi Open Platform → Push → App information. The package name is the app’s own.',
    fields: [
      { name: 'appSecret', label: 'AppSecret', required: true, secret: true, rule: printable('AppSecret', 256) },
      { name: 'appId', label: 'AppID', required: false, rule: digits('AppID', 32) },
      { name: 'appKey', label: 'AppKey', required: false, rule: digits('AppKey', 32) },
    ],
  },
  {
    channel: 'oppo', label: 'OPPO', where: 'OPPO Open Platform → Push → Configuration.',
    fields: [
      { name: 'appKey', label: 'AppKey', required: true, rule: printable('AppKey', 128) },
      { name: 'masterSecret', label: 'MasterSecret', required: true, secret: true, rule: printable('MasterSecret', 128) },
      { name: 'appSecret', label: 'AppSecret', required: false, secret: true, rule: printable('AppSecret', 128) },
      { name: 'appId', label: 'AppID', required: false, rule: printable('AppID', 128) },
    ],
  },
  {
    channel: 'vivo', label: 'vivo', where: 'vivo Open Platform → Push → App information.',
    fields: [
      { name: 'appId', label: 'AppID', required: true, rule: digits('AppID', 20) },
      { name: 'appKey', label: 'AppKey', required: true, rule: printable('AppKey', 128) },
      { name: 'appSecret', label: 'AppSecret', required: true, secret: true, rule: printable('AppSecret', 128) },
    ],
  },
  {
    channel: 'meizu', label: 'Meizu', where: 'Flyme Open Platform → Push → App information.',
    fields: [
      { name: 'appId', label: 'AppID', required: true, rule: digits('AppID', 20) },
      { name: 'appSecret', label: 'AppSecret', required: true, secret: true, rule: printable('AppSecret', 128) },
      { name: 'appKey', label: 'AppKey', required: false, rule: printable('AppKey', 128) },
    ],
  },
];

/** Labels of what a vendor credential's meta shows (the ids, never a secret). */
export const META_LABEL: Record<string, string> = {
  project_id: 'Project ID', client_email: 'Client email', appId: 'AppID', clientId: 'Client ID', badgeClass: 'Badge class',
  appKey: 'AppKey', packageName: 'Package name', publicKey: 'Public key', subject: 'Subject',
};
