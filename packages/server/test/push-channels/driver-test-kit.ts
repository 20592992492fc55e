/**
 * What the channel driver tests share: a rig that starts the vendor's emulator for a suite and points the
 * driver at it (an app row, deps on a stopped clock, TPNS pushes normalised as the push API does), a loopback
 * URL nothing listens on, and the checks every driver's tests make alike.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before } from 'node:test';
import type { ChannelId, ChannelNotification, PushChannel } from '@herald/channels';
import { createFcmEmulator, type FcmEmulator } from '@herald/emulators/fcm';
import { createHonorEmulator, type HonorEmulator } from '@herald/emulators/honor';
import { createHuaweiEmulator, type HuaweiEmulator } from '@herald/emulators/huawei';
import { createMeizuEmulator, type MeizuEmulator } from '@herald/emulators/meizu';
import { createOppoEmulator } from '@herald/emulators/oppo';
import { createTestPki } from '@herald/emulators/pki';
import { createVivoEmulator, type VivoEmulator } from '@herald/emulators/vivo';
import { createWebPushEmulator } from '@herald/emulators/webpush';
import { createXiaomiEmulator, type XiaomiEmulator } from '@herald/emulators/xiaomi';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Config } from '../../src/config/schema.ts';
import type { BuiltNotification, ChannelDriver, CredentialCheck, DriverDeps, PreparedCredential } from '../../src/push/channels/channel-driver.ts';
import type { PushPlatform } from '../../src/push/model/normalize-message.ts';
import { normalizePushRequest } from '../../src/push/model/normalize-push-request.ts';
import type { PushRequest } from '../../src/push/model/push-request.ts';
import type { AppRow } from '../../src/store/schema.ts';

type Clock = () => number;

/** OPPO's China host and its overseas one, each serving the registration ids of its region. */
async function oppoHosts(clock: Clock) {
  const [cn, intl] = await Promise.all([createOppoEmulator({ region: 'cn', clock }), createOppoEmulator({ region: 'intl', clock })]);
  return { cn, intl, close: () => Promise.all([cn.close(), intl.close()]) };
}
type OppoHosts = Awaited<ReturnType<typeof oppoHosts>>;

/** How each vendor's emulator starts, and the settings that point its driver at it. */
const EMULATORS = {
  fcm: {
    start: (clock: Clock) => createFcmEmulator({ pki: createTestPki(), clock }),
    settings: (emu: FcmEmulator) => ({ fcmBaseUrl: emu.url, fcmTokenUrl: emu.tokenUrl }),
  },
  huawei: {
    start: (clock: Clock) => createHuaweiEmulator({ tls: true, clock }),
    settings: (emu: HuaweiEmulator) => ({ huaweiPushUrl: emu.url, huaweiAuthUrl: emu.url }),
  },
  honor: {
    start: (clock: Clock) => createHonorEmulator({ tls: true, clock }),
    settings: (emu: HonorEmulator) => ({ honorPushUrl: emu.url, honorAuthUrl: emu.url }),
  },
  xiaomi: { start: (clock: Clock) => createXiaomiEmulator({ clock }), settings: (emu: XiaomiEmulator) => ({ xiaomiBaseUrl: emu.url }) },
  oppo: { start: oppoHosts, settings: ({ cn, intl }: OppoHosts) => ({ oppoBaseUrl: cn.url, oppoIntlBaseUrl: intl.url }) },
  // vivo allows one auth call a second; the tests make more.
  vivo: { start: (clock: Clock) => createVivoEmulator({ clock, authCallsPerSecond: 1000 }), settings: (emu: VivoEmulator) => ({ vivoBaseUrl: emu.url }) },
  meizu: { start: (clock: Clock) => createMeizuEmulator({ clock }), settings: (emu: MeizuEmulator) => ({ meizuBaseUrl: emu.url }) },
  // Browsers' push services are found through the subscription, not the config.
  webpush: { start: (clock: Clock) => createWebPushEmulator({ pki: createTestPki(), clock }), settings: (): Partial<Config> => ({}) },
} satisfies Partial<Record<ChannelId, { start: (clock: Clock) => Promise<{ close(): Promise<unknown> }>; settings: (emu: never) => Partial<Config> }>>;

type Vendor = keyof typeof EMULATORS;
type EmulatorOf<V extends Vendor> = Awaited<ReturnType<(typeof EMULATORS)[V]['start']>>;
type Refusal = Extract<CredentialCheck, { ok: false }>;

export interface RigOptions<V extends Vendor> {
  /** The test's time: driver and emulator share a clock stopped there. */
  now: number;
  /** The app's own fields; the rest are a standard Android app's. */
  app?: Partial<AppRow>;
  /** Settings beyond those that point the driver at the emulator. */
  settings?: Partial<Config>;
  /** Tells the emulator about the test's app, once it has started. */
  register?(emu: EmulatorOf<V>): void;
}

export interface DriverRig<V extends Vendor> {
  readonly now: number;
  readonly app: AppRow;
  /** The emulator, from the suite's `before` on. */
  readonly emu: EmulatorOf<V>;
  /** Deps that point the driver at the emulator. */
  readonly deps: DriverDeps;
  /** Every vendor answer the rig's channels saw, as `channel:status`. */
  readonly answers: readonly string[];
  /** The deps with some settings changed. */
  depsWith(overrides: Partial<Config>): DriverDeps;
  /** The driver's reading of a credential form for the app. */
  prepare(form: unknown, deps?: DriverDeps): PreparedCredential;
  /** A channel for the sealed secret, closed after the suite. */
  open(secret: Record<string, unknown>, deps?: DriverDeps): PushChannel;
  /** A channel for the credential the form makes. */
  channel(form: unknown): PushChannel;
  /** A TPNS push to one device at `now`, normalised for an Android app unless told. */
  push(body: Record<string, unknown>, platform?: PushPlatform): PushRequest;
  /** The driver's notification for the push, for a device whose stored badge is `badge`. */
  build(req: PushRequest, pushId: string, badge?: number): BuiltNotification;
  /** `build` for a push the driver builds once for every device (asserted), with something to send (asserted). */
  buildShared(req: PushRequest, pushId: string, badge?: number): BuiltNotification & { notification: ChannelNotification };
  /** Sends the notification (which must be there) to each device on the channel and asserts the vendor took it for each. */
  deliver(channel: PushChannel, notification: ChannelNotification | undefined, ...vendorTokens: string[]): Promise<void>;
  /**
   * The driver's three answers about the credentials two forms make: the `good` one accepted, the `wrong` one
   * refused for good (not transient), and the good one refused as transient with `unreachable` deps (no vendor
   * there). Returns the refusals, for their reasons.
   */
  checkCredentials(good: unknown, wrong: unknown, unreachable: DriverDeps): Promise<{ refused: Refusal; unreachable: Refusal }>;
}

/** An app row as the store holds it, made at `now`. */
function testApp(now: number, fields: Partial<AppRow>): AppRow {
  return {
    access_id: 1500000001,
    product_id: 1,
    platform: 'android',
    bundle_id: 'com.example.chat',
    access_key: 'AKEXAMPLE01',
    secret_key_sealed: '',
    service_mode: 'standard',
    im_sdk_app_id: null,
    created_at: now,
    updated_at: now,
    ...fields,
  };
}

/**
 * Starts the vendor's emulator before the suite's tests and closes it, with the channels opened, after them.
 * Requests time out after 5 s; an HTTPS emulator's CA is trusted.
 */
export function driverRig<V extends Vendor>(vendor: V, driver: ChannelDriver, o: RigOptions<V>): DriverRig<V> {
  assert.equal(driver.id, vendor);
  // TypeScript does not follow `vendor` from the key to its entry's types; the table's `satisfies` checks each.
  const setup = EMULATORS[vendor] as unknown as { start: (clock: Clock) => Promise<EmulatorOf<V>>; settings: (emu: EmulatorOf<V>) => Partial<Config> };
  const clock = (): number => o.now;
  const app = testApp(o.now, o.app ?? {});
  let emu: EmulatorOf<V> | undefined;
  let deps: DriverDeps | undefined;
  const answers: string[] = [];
  const channels: PushChannel[] = [];
  const ready = <T>(value: T | undefined): T => {
    assert.ok(value !== undefined, 'the rig is used before its before hook ran');
    return value;
  };
  const refusal = (check: CredentialCheck, transient: boolean): Refusal => {
    assert.ok(!check.ok && check.transient === transient, JSON.stringify(check));
    return check;
  };

  before(async () => {
    emu = await setup.start(clock);
    const ca = (emu as { caCertPem?: string }).caCertPem;
    deps = {
      config: loadConfig({}, { vendorTimeoutMs: 5000, ...setup.settings(emu), ...o.settings }),
      ...(ca !== undefined ? { ca } : {}),
      clock,
      observer: { onVendorResponse: (channel, status) => answers.push(`${channel}:${status}`) },
    };
    o.register?.(emu);
  });
  after(async () => {
    await Promise.all(channels.map((c) => c.close()));
    await emu?.close();
  });

  const rig: DriverRig<V> = {
    now: o.now,
    app,
    get emu() {
      return ready(emu);
    },
    get deps() {
      return ready(deps);
    },
    answers,
    depsWith(overrides) {
      return { ...rig.deps, config: loadConfig({}, { ...rig.deps.config, ...overrides }) };
    },
    prepare(form, d = rig.deps) {
      return driver.prepareCredential(form, app, d);
    },
    open(secret, d = rig.deps) {
      const channel = driver.createChannel(secret, app, 'product', d);
      channels.push(channel);
      return channel;
    },
    channel(form) {
      return rig.open(rig.prepare(form).secret);
    },
    push(body, platform = 'android') {
      return normalizePushRequest(
        { audience_type: 'token', token_list: ['t'.repeat(36)], message_type: 'notify', ...body },
        { platform, now: o.now, utcOffsetMinutes: 480 },
      );
    },
    build(req, pushId, badge = 0) {
      return driver.buildNotification({ req, pushId, now: o.now, app, badge: { current: badge } });
    },
    buildShared(req, pushId, badge) {
      assert.equal(driver.perDeviceBadge(req), false);
      const built = rig.build(req, pushId, badge);
      assert.ok(built.notification !== undefined, built.skipReason);
      return { ...built, notification: built.notification };
    },
    async deliver(channel, notification, ...vendorTokens) {
      assert.ok(notification !== undefined, 'nothing to send');
      const outcomes = await channel.send(notification, vendorTokens.map((vendorToken, i) => ({ token: String(i).repeat(36), vendorToken })));
      assert.deepEqual(outcomes.map((outcome) => outcome.kind), vendorTokens.map(() => 'delivered'), JSON.stringify(outcomes));
    },
    async checkCredentials(goodForm, wrongForm, unreachable) {
      const good = rig.prepare(goodForm).secret;
      assert.deepEqual(await driver.validateCredential(good, app, rig.deps), { ok: true });
      const refused = refusal(await driver.validateCredential(rig.prepare(wrongForm).secret, app, rig.deps), false);
      return { refused, unreachable: refusal(await driver.validateCredential(good, app, unreachable), true) };
    },
  };
  return rig;
}

/** A loopback origin nothing listens on (a port opened and closed again): the vendor cannot be reached there. */
export async function closedUrl(scheme: 'http' | 'https' = 'http'): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `${scheme}://127.0.0.1:${port}`;
}

/** The four names a driver is known by. */
export function driverNames(driver: ChannelDriver): Pick<ChannelDriver, 'id' | 'platform' | 'statName' | 'environmentScoped'> {
  return { id: driver.id, platform: driver.platform, statName: driver.statName, environmentScoped: driver.environmentScoped };
}

/** Alice's chat notification, which most tests push: `fields` are the push's own, `android` its Android block. */
export function aliceSays(content: string, fields: Record<string, unknown>, android: Record<string, unknown>): Record<string, unknown> {
  return { ...fields, message: { title: 'Alice', content, android } };
}

/** Asserts that the driver has nothing to send for the push, and says why. */
export function assertSkipped(built: BuiltNotification, why: RegExp): void {
  assert.equal(built.notification, undefined);
  assert.match(built.skipReason ?? '', why);
}

/** Asserts that the driver keeps each token in its canonical form and refuses each of `junk`. */
export function assertVendorTokens(driver: ChannelDriver, kept: ReadonlyArray<readonly [given: string, canonical: string]>, junk: readonly string[]): void {
  for (const [given, canonical] of kept) assert.equal(driver.normalizeVendorToken(given), canonical, JSON.stringify(given.slice(0, 40)));
  for (const token of junk) assert.equal(driver.normalizeVendorToken(token), undefined, JSON.stringify(token.slice(0, 40)));
}
