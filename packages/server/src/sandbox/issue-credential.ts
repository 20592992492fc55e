/**
 * "The vendor's developer console" of sandbox mode: issues a credential the way Apple, Google, Huawei… do, and
 * tells the vendor's emulator about it, so the normal credential routes check it against a vendor that really
 * knows it. Nothing is stored in Herald here: the caller uploads or pastes what it got, as with a real vendor.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { createFcmServiceAccount, generateP8 } from '@herald/emulators';
import { heraldError } from '@herald/protocol';
import type { SandboxChannel } from './sandbox-channels.ts';
import type { SandboxEmulators } from './sandbox-emulators.ts';

export interface IssueCredentialInput {
  /** APNs: the bundle id the key is limited to; any topic of the team when absent. */
  bundleId?: string | undefined;
  /** Android vendors: the app's package name (Mi Push registers the app under it). */
  packageName?: string | undefined;
}

export type IssuedCredential =
  | { channel: 'apns'; fileName: string; p8: string; keyId: string; teamId: string }
  | { channel: 'fcm'; fileName: 'service-account.json'; serviceAccount: Record<string, string> }
  | { channel: Exclude<SandboxChannel, 'apns' | 'fcm' | 'webpush'>; fields: Record<string, string> };

const APPLE_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Ten upper-case letters and digits, like Apple's Key IDs and Team IDs. */
function appleId(): string {
  return Array.from({ length: 10 }, () => APPLE_ID_ALPHABET[randomInt(APPLE_ID_ALPHABET.length)]).join('');
}

const digits = (length: number): string => String(randomInt(1, 10)) + Array.from({ length: length - 1 }, () => randomInt(10)).join('');
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export function issueCredential(emulators: SandboxEmulators, channel: SandboxChannel, input: IssueCredentialInput): IssuedCredential {
  switch (channel) {
    case 'apns': {
      const p8 = generateP8();
      const teamId = appleId();
      emulators.apns.registerKey({ keyId: p8.keyId, teamId, publicKeyPem: p8.publicKeyPem, ...(input.bundleId === undefined ? {} : { topics: [input.bundleId] }) });
      return { channel, fileName: `AuthKey_${p8.keyId}.p8`, p8: p8.privateKeyPem, keyId: p8.keyId, teamId };
    }
    case 'fcm': {
      const projectId = `herald-sandbox-${hex(4)}`;
      const account = createFcmServiceAccount({ projectId, tokenUri: emulators.fcm.tokenUrl });
      emulators.fcm.registerServiceAccount(account.registration);
      return { channel, fileName: 'service-account.json', serviceAccount: account.json };
    }
    case 'huawei': {
      const fields = { appId: digits(9), clientSecret: hex(32) };
      emulators.huawei.registerApp(fields);
      return { channel, fields };
    }
    case 'honor': {
      const fields = { appId: digits(9), clientId: hex(16), clientSecret: hex(24) };
      emulators.honor.registerApp(fields);
      return { channel, fields };
    }
    case 'xiaomi': {
      // Mi Push checks every request's package against the app's, which Herald takes from the app's bundle id.
      if (input.packageName === undefined) throw heraldError('REQUEST_PARAM_MISSING', 'packageName: Xiaomi registers the app under its package name');
      const fields = { appId: digits(16), appKey: digits(13), appSecret: randomBytes(16).toString('base64url') };
      emulators.xiaomi.registerApp({ appSecret: fields.appSecret, packageNames: [input.packageName] });
      return { channel, fields };
    }
    case 'oppo': {
      const fields = { appId: digits(8), appKey: hex(16), masterSecret: hex(16) };
      emulators.oppo.registerApp(fields);
      return { channel, fields };
    }
    case 'vivo': {
      const fields = { appId: digits(6), appKey: hex(16), appSecret: hex(16) };
      emulators.vivo.registerApp(fields);
      return { channel, fields };
    }
    case 'meizu': {
      const fields = { appId: digits(6), appKey: hex(16), appSecret: hex(16) };
      emulators.meizu.registerApp(fields);
      return { channel, fields };
    }
    case 'webpush':
      throw heraldError('REQUEST_PARAM_INVALID', 'channel: a web app gets its VAPID keys from Herald when it is created; there is nothing to issue');
  }
}
