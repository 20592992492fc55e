/**
 * Sandbox mode's vendors: every loopback emulator of packages/emulators started in this process on 127.0.0.1,
 * and the configuration that points Herald's channels at them through its ordinary keys (vendor URLs and the CA
 * that issued the emulators' TLS certificates). The overrides must be applied before the context and the channel
 * registry are built; they win over the environment, so a sandbox node never reaches a real vendor.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createApnsEmulator, createFcmEmulator, createHonorEmulator, createHuaweiEmulator, createMeizuEmulator, createOppoEmulator,
  createTestPki, createVivoEmulator, createWebPushEmulator, createXiaomiEmulator,
  type ApnsEmulator, type FcmEmulator, type HonorEmulator, type HuaweiEmulator, type MeizuEmulator, type OppoEmulator,
  type VivoEmulator, type WebPushEmulator, type XiaomiEmulator,
} from '@herald/emulators';
import type { Config } from '../config/schema.ts';

export interface SandboxEmulators {
  apns: ApnsEmulator;
  fcm: FcmEmulator;
  huawei: HuaweiEmulator;
  honor: HonorEmulator;
  xiaomi: XiaomiEmulator;
  oppo: OppoEmulator;
  vivo: VivoEmulator;
  meizu: MeizuEmulator;
  webpush: WebPushEmulator;
}

export interface StartedEmulators {
  emulators: SandboxEmulators;
  /** Config keys to apply over the environment's. */
  config: Partial<Config>;
  close(): Promise<void>;
}

/** The CA certificate is written to `<dir>/emulator-ca.pem` (the channels read CA files, not PEM strings). */
export async function startSandboxEmulators(o: { dir: string; clock: () => number }): Promise<StartedEmulators> {
  // One test CA issues every emulator's TLS certificate, so one file serves both CA keys.
  const pki = createTestPki();
  const opened: Array<{ close(): Promise<void> }> = [];
  async function close(): Promise<void> {
    for (let e = opened.pop(); e !== undefined; e = opened.pop()) await e.close().catch(() => undefined);
  }
  async function open<T extends { close(): Promise<void> }>(start: Promise<T>): Promise<T> {
    const emulator = await start;
    opened.push(emulator);
    return emulator;
  }
  const host = '127.0.0.1';
  const clock = o.clock;
  try {
    const emulators: SandboxEmulators = {
      apns: await open(createApnsEmulator({ host, pki, clock })),
      fcm: await open(createFcmEmulator({ host, pki, clock })),
      huawei: await open(createHuaweiEmulator({ host, tls: pki, clock })),
      honor: await open(createHonorEmulator({ host, tls: pki, clock })),
      xiaomi: await open(createXiaomiEmulator({ host, clock })),
      oppo: await open(createOppoEmulator({ host, clock })),
      vivo: await open(createVivoEmulator({ host, clock })),
      meizu: await open(createMeizuEmulator({ host, clock })),
      webpush: await open(createWebPushEmulator({ host, pki, clock })),
    };
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
    const caFile = join(o.dir, 'emulator-ca.pem');
    writeFileSync(caFile, pki.caCertPem);
    const config: Partial<Config> = {
      sandbox: true,
      apnsProductUrl: emulators.apns.urlFor('product'),
      apnsDevUrl: emulators.apns.urlFor('dev'),
      apnsCaFile: caFile,
      vendorCaFile: caFile,
      fcmBaseUrl: emulators.fcm.url,
      // Service accounts issued here name the emulator as token_uri; this covers ones pasted from elsewhere too.
      fcmTokenUrl: emulators.fcm.tokenUrl,
      huaweiPushUrl: emulators.huawei.url,
      huaweiAuthUrl: emulators.huawei.url,
      honorPushUrl: emulators.honor.url,
      honorAuthUrl: emulators.honor.url,
      xiaomiBaseUrl: emulators.xiaomi.url,
      oppoBaseUrl: emulators.oppo.url,
      oppoIntlBaseUrl: emulators.oppo.url,
      vivoBaseUrl: emulators.vivo.url,
      meizuBaseUrl: emulators.meizu.url,
    };
    return { emulators, config, close };
  } catch (err) {
    await close();
    throw err;
  }
}
