/**
 * What every vendor suite does around the rig (vendor-fixture.ts): start it for the `describe`, make an app with a
 * working credential, register a token the emulator may not know, push and wait, read the send job, the breaker
 * gauge, the saved credential and the per-channel statistics. Assertions stay in the suites; the ones here only
 * say that a step the suite stands on succeeded.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { QueueJobRow } from '../../src/store/schema.ts';
import { startVendorRig, type Vendor, type VendorApp, type VendorDevice, type VendorRig } from './vendor-fixture.ts';

export type Json = Record<string, unknown>;

/** Characters as the vendors count them (code points): an emoji is one. */
export const codePoints = (s: unknown): number => Array.from(String(s)).length;

/** Asserts that `actual` is `original` cut to `limit` characters, the last one an ellipsis. */
export function assertCutTo(actual: unknown, original: string, limit: number, length: (s: string) => number = codePoints): void {
  assert.equal(length(String(actual)), limit);
  assert.equal(actual, `${Array.from(original).slice(0, limit - 1).join('')}…`);
}

export const toToken = (d: VendorDevice): Json => ({ audience_type: 'token', token_list: [d.token] });

/** A TPNS notification body: `target` (audience fields) and `extra` (expire_time, channel_rules, …) around `message`. */
export function notify(target: Json, message: Json, extra: Json = {}): Json {
  return { ...target, message_type: 'notify', message, ...extra };
}

const HELLO: Json = { title: 'Hello', content: 'World' };
/** A notification to the whole audience, `message` a short greeting unless given. */
export const notifyAll = (message: Json = HELLO): Json => notify({ audience_type: 'all' }, message);
/** A notification to one device, `message` a short greeting unless given. */
export const notifyDevice = (d: VendorDevice, message: Json = HELLO): Json => notify(toToken(d), message);

/** The check the credential route last ran, as the management API shows it. */
export interface CredentialCheck {
  status: string;
  reason?: string;
}

export interface VendorTestKit {
  /** The suite's rig; usable inside tests and hooks (it starts in `before`). */
  rig: VendorRig;
  /** A new Android app with a working credential for `vendor`. */
  configuredApp(vendor: Vendor, override?: Json): Promise<VendorApp>;
  /** Registers `sent` as a device's vendor token through the SDK API, whatever the emulator knows about it. */
  registerVendorToken(app: VendorApp, vendor: Vendor, sent: string, o?: { known?: string; platform?: 'android' | 'web'; locale?: string; timeZone?: string }): Promise<VendorDevice>;
  pushAccepted(app: VendorApp, body: Json): Promise<string>;
  pushAndFinish(app: VendorApp, body: Json): Promise<string>;
  findSendJob(pushId: string): Promise<QueueJobRow | undefined>;
  sendJob(pushId: string): Promise<QueueJobRow>;
  /** Waits until the push's send job is `ready`, and returns it. */
  waitForSendJob(pushId: string, ready: (job: QueueJobRow) => boolean, what: string): Promise<QueueJobRow>;
  /** Waits until the send job is pending past the breaker's cool-down (further off than any retry delay). */
  waitBehindBreaker(pushId: string): Promise<QueueJobRow>;
  /**
   * Pushes `d` one notification past `limits` (emoji are two UTF-16 units but one character: the limit counts
   * characters), asserted delivered, and one exactly at them; returns the texts, to compare with what the vendor got.
   */
  pushPastAndAtLimits(app: VendorApp, d: VendorDevice, limits: { title: number; body: number }): Promise<{ long: { title: string; content: string }; exact: { title: string; content: string } }>;
  /**
   * Waits for the push's send job to be released for a retry and asserts it waits `waitMs` (plus at most `jitterMs`)
   * counted from its start, which lies between `startedBefore` and the moment the release is seen. Returns the job.
   */
  releasedForRetry(pushId: string, startedBefore: number, waitMs: number, jitterMs?: number): Promise<QueueJobRow>;
  /**
   * Asserts that the push's send job was released once, no earlier than `delayMs` after `t0`, and that each inbox
   * got one message, after that release. Returns the job.
   */
  assertRetriedOnceAfter(pushId: string, t0: number, delayMs: number, inboxes: ReadonlyArray<ReadonlyArray<{ receivedAt: number }>>): Promise<QueueJobRow>;
  /**
   * Asserts what a refused credential leaves once the breaker holds the push: the channel's breaker open, nothing
   * delivered, `device` (when named) still active, the credential's check `rejected` for `reason`.
   */
  assertHeldByBreaker(app: VendorApp, pushId: string, o: { tpnsName: string; vendor: Vendor; reason: RegExp; device?: VendorDevice }): Promise<void>;
  /** The breaker gauge of a channel under its TPNS name (0 when never opened). */
  breakerOpen(tpnsName: string): Promise<number>;
  /** The saved credentials of the app, only `vendor`'s when named. */
  credentials(app: VendorApp, vendor?: Vendor): Promise<Json[]>;
  credentialCheck(app: VendorApp, vendor: Vendor): Promise<CredentialCheck | undefined>;
  /** Asserts that saving a credential was refused as CREDENTIAL_REJECTED with a reason matching `reason`. */
  assertCredentialRejected(res: { status: number; body: Json }, reason: RegExp): void;
  /** Per-channel statistics of a push, by TPNS channel name. */
  channelStats(app: VendorApp, pushId: string): Promise<Record<string, Record<string, number>>>;
  channelStat(app: VendorApp, pushId: string, tpnsName: string): Promise<Record<string, number> | undefined>;
}

/** Starts one vendor rig for the enclosing `describe` (closed after it) and the helpers that work on it. */
export function useVendorRig(o?: Parameters<typeof startVendorRig>[0]): VendorTestKit {
  let started: VendorRig | undefined;
  before(async () => {
    started = await startVendorRig(o);
  });
  after(async () => {
    await started?.close();
  });
  const current = (): VendorRig => {
    if (started === undefined) throw new Error('the vendor rig is used before it started');
    return started;
  };
  // Suites take `rig` while `describe` runs, before `before` has started it: it stands for the started rig.
  const rig = new Proxy({} as VendorRig, { get: (_target, key) => Reflect.get(current(), key) });

  async function findSendJob(pushId: string): Promise<QueueJobRow | undefined> {
    return rig.server.ctx.store.db.selectFrom('queue_job').selectAll().where('push_id', '=', pushId).where('kind', '=', 'send').executeTakeFirst();
  }

  async function sendJob(pushId: string): Promise<QueueJobRow> {
    const job = await findSendJob(pushId);
    if (job === undefined) throw new Error(`push ${pushId} has no send job`);
    return job;
  }

  async function waitForSendJob(pushId: string, ready: (job: QueueJobRow) => boolean, what: string): Promise<QueueJobRow> {
    let job: QueueJobRow | undefined;
    await rig.waitFor(async () => {
      job = await findSendJob(pushId);
      return job !== undefined && ready(job);
    }, what);
    return job!;
  }

  async function pushAccepted(app: VendorApp, body: Json): Promise<string> {
    const res = await rig.push(app, body);
    assert.equal(res.body['ret_code'], 0, JSON.stringify(res.body));
    return String(res.body['push_id']);
  }

  async function pushAndFinish(app: VendorApp, body: Json): Promise<string> {
    const pushId = await pushAccepted(app, body);
    await rig.waitStatus(pushId, ['PUSH_FINISHED']);
    return pushId;
  }

  async function credentials(app: VendorApp, vendor?: Vendor): Promise<Json[]> {
    const list = await rig.api('GET', `/apps/${app.accessId}/credentials`);
    const all = list.body['credentials'] as Json[];
    return vendor === undefined ? all : all.filter((c) => c['channel'] === vendor);
  }

  async function breakerOpen(tpnsName: string): Promise<number> {
    const gauge = await rig.server.ctx.metrics.breakerOpen.get();
    return gauge.values.find((v) => v.labels['channel'] === tpnsName)?.value ?? 0;
  }

  async function credentialCheck(app: VendorApp, vendor: Vendor): Promise<CredentialCheck | undefined> {
    const [cred] = await credentials(app, vendor);
    return (cred?.['meta'] as { check?: CredentialCheck } | undefined)?.check;
  }

  async function channelStats(app: VendorApp, pushId: string): Promise<Record<string, Record<string, number>>> {
    const res = await rig.tpns(app, '/v3/statistics/get_push_task_stat_channel', { pushId });
    assert.equal(res.body['retCode'], 0, JSON.stringify(res.body));
    const entries = res.body['pushStatDataAll'] as Array<{ channel: string; pushState: Record<string, number> }>;
    return Object.fromEntries(entries.map((e) => [e.channel, e.pushState]));
  }

  return {
    rig,
    async configuredApp(vendor, override = {}) {
      const app = await rig.createApp('android');
      const saved = await rig.configure(app, vendor, override);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      return app;
    },
    async registerVendorToken(app, vendor, sent, d = {}) {
      const res = await fetch(`${rig.server.url}/sdk/v1/devices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-herald-access-id': String(app.accessId), 'x-herald-access-key': app.accessKey },
        body: JSON.stringify({
          platform: d.platform ?? 'android', channel: vendor, vendorToken: sent, environment: 'product',
          appVersion: '1.0.0', sdkVersion: '1.0.0', locale: d.locale ?? 'zh-CN', timeZone: d.timeZone ?? 'Asia/Shanghai',
        }),
      });
      const body = (await res.json()) as Json;
      assert.equal(res.status, 200, JSON.stringify(body));
      return { token: String(body['token']), vendor, vendorToken: d.known ?? sent };
    },
    pushAccepted,
    pushAndFinish,
    findSendJob,
    sendJob,
    waitForSendJob,
    async pushPastAndAtLimits(app, d, limits) {
      const long = { title: `Flash sale ${'🎉'.repeat(limits.title)}`, content: `今晚八点 ${'优惠'.repeat(limits.body)}` };
      const exact = { title: 'T'.repeat(limits.title - 1) + '🎉', content: 'B'.repeat(limits.body) };
      const pushId = await pushAndFinish(app, { ...toToken(d), message_type: 'notify', message: long });
      assert.equal((await rig.deliveries(pushId))[0]?.outcome, 'delivered');
      await pushAndFinish(app, { ...toToken(d), message_type: 'notify', message: exact });
      return { long, exact };
    },
    async releasedForRetry(pushId, startedBefore, waitMs, jitterMs = 0) {
      const job = await waitForSendJob(pushId, (j) => j.attempt >= 1, 'the send job to be released for a retry');
      const releasedBy = rig.clock.now();
      assert.ok(job.available_at >= startedBefore + waitMs, `available_at ${job.available_at} < ${startedBefore + waitMs}`);
      assert.ok(job.available_at <= releasedBy + waitMs + jitterMs, `available_at ${job.available_at} > ${releasedBy + waitMs + jitterMs}`);
      return job;
    },
    async assertRetriedOnceAfter(pushId, t0, delayMs, inboxes) {
      const job = await sendJob(pushId);
      assert.equal(job.attempt, 1, 'released once');
      assert.ok(job.available_at >= t0 + delayMs, `released until ${job.available_at - t0} ms after the push, expected ≥ ${delayMs}`);
      for (const inbox of inboxes) {
        assert.equal(inbox.length, 1, 'delivered once');
        assert.ok(inbox[0]!.receivedAt >= job.available_at, 'the retry came after the released time');
      }
      return job;
    },
    waitBehindBreaker: (pushId) =>
      waitForSendJob(pushId, (job) => job.state === 'pending' && job.available_at > rig.clock.now() + 10_000, 'the send job to wait behind the breaker'),
    breakerOpen,
    async assertHeldByBreaker(app, pushId, o) {
      assert.equal(await breakerOpen(o.tpnsName), 1);
      assert.deepEqual(await rig.deliveries(pushId), []);
      if (o.device !== undefined) assert.equal((await rig.deviceRow(app, o.device.token)).status, 'active', 'a credential problem is not a dead device');
      const check = await credentialCheck(app, o.vendor);
      assert.equal(check?.status, 'rejected');
      assert.match(check?.reason ?? '', o.reason);
    },
    credentials,
    credentialCheck,
    assertCredentialRejected(res, reason) {
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body['code'], 'CREDENTIAL_REJECTED');
      assert.match(String(res.body['message']), reason);
    },
    channelStats,
    async channelStat(app, pushId, tpnsName) {
      return (await channelStats(app, pushId))[tpnsName];
    },
  };
}
