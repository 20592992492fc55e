/**
 * A send job delivers one batch of Herald tokens. Tokens that already have a delivery row for the push are
 * skipped (the job was taken over after a crash), dead or foreign devices are answered without a vendor call,
 * and the rest go to their own channel's client (APNs, FCM, Huawei, … Web Push), one channel at a time in
 * parallel. Results are committed in one transaction: delivery rows, funnel counters under TPNS's channel
 * names, invalidated devices and the job's completion. `retry` outcomes go back on the queue as the same job
 * with only those tokens, after the longest Retry-After, until MAX_ATTEMPTS.
 */
import type { ChannelNotification, DeliveryTarget, PushOutcome } from '@herald/channels';
import { HeraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { AppRow, PushTaskRow, QueueJobRow } from '../../store/schema.ts';
import type { ChannelDriver } from '../channels/channel-driver.ts';
import { channelDriver, servesPlatform } from '../channels/channel-drivers.ts';
import { recordCredentialRejected } from '../credentials/channel-credential-service.ts';
import type { PushRequest } from '../model/push-request.ts';
import { incrementStats, type StatIncrements } from '../stats/stat-counters.ts';
import { statKeyOf } from '../stats/stat-key.ts';
import type { BreakerSet } from './breaker.ts';
import type { ChannelRegistry } from './channel-registry.ts';
import { finishIfDone, startTaskForJob } from './task-progress.ts';

export interface SendJobDeps {
  ctx: ServerContext;
  channels: ChannelRegistry;
  breakers: BreakerSet;
  owner: string;
}

/** Set by the worker when shutdown gave the job back to the queue while it was still running. */
export interface JobControl {
  abandoned: boolean;
}

/** Runs of one job (lease takeovers and retries both count) before its remaining tokens are failed. */
export const MAX_ATTEMPTS = 8;

/**
 * The statistics channel of a token Herald cannot route (unknown, or a device of no channel Herald knows):
 * TPNS's own names for each platform's catch-all (`xg` is TPNS's own Android channel).
 */
const UNROUTED_CHANNEL: Record<string, string> = { ios: 'apns', android: 'xg', web: 'web' };

type FinalOutcome = 'delivered' | 'rejected' | 'failed' | 'expired';

interface Final {
  token: string;
  /** TPNS's channel name (apns, fcm, hw, xm, …, web). */
  channel: string;
  outcome: FinalOutcome;
  reason: string | null;
  /** The vendor token the outcome is about, when one was sent. */
  vendorToken?: string;
}

interface Retry {
  tokens: string[];
  at: number;
  reason: string;
  /** False when the batch never reached the vendor (breaker open): waiting is not a failed attempt. */
  countsAttempt: boolean;
  /** The TPNS channel name of each waiting token. */
  channelOf: Map<string, string>;
}

interface EligibleDevice {
  token: string;
  vendor_token: string;
  badge: number;
}

export async function runSendJob(deps: SendJobDeps, job: QueueJobRow, control: JobControl): Promise<void> {
  const { ctx, owner } = deps;
  const db = ctx.store.db;
  const tokens = JSON.parse(job.tokens_json ?? '[]') as string[];
  const now = ctx.clock.now();
  const started = await startTaskForJob(ctx, job, owner, now);
  if (started === undefined) return;
  const { task, req } = started;

  const answered = tokens.length === 0
    ? []
    : await db.selectFrom('push_delivery').select('token').where('push_id', '=', task.push_id).where('token', 'in', tokens).execute();
  const done = new Set(answered.map((r) => r.token));
  const remaining = tokens.filter((t) => !done.has(t));
  const finals: Final[] = [];
  let retry: Retry | undefined;

  if (remaining.length > 0) {
    const app = await db.selectFrom('app').selectAll().where('access_id', '=', task.access_id).executeTakeFirstOrThrow();
    const byChannel = await screenDevices(deps, task, req, app, remaining, finals);
    if (task.expire_at <= now) {
      for (const [driver, devices] of byChannel) {
        for (const d of devices) finals.push({ token: d.token, channel: driver.statName, outcome: 'expired', reason: 'expire_time passed before dispatch' });
      }
    } else {
      const retries = await Promise.all(
        [...byChannel].map(([driver, devices]) => deliver(deps, task, req, app, driver, devices, finals, now, job.attempt > 0)),
      );
      retry = mergeRetries(retries);
    }
  }

  if (retry !== undefined && retry.countsAttempt && job.attempt + 1 >= MAX_ATTEMPTS) {
    for (const token of retry.tokens) {
      finals.push({ token, channel: retry.channelOf.get(token) ?? 'apns', outcome: 'failed', reason: `gave up after ${MAX_ATTEMPTS} attempts: ${retry.reason}` });
    }
    retry = undefined;
  }
  await commit(deps, job, task, finals, retry, control);
}

function mergeRetries(retries: ReadonlyArray<Retry | undefined>): Retry | undefined {
  let merged: Retry | undefined;
  for (const r of retries) {
    if (r === undefined) continue;
    if (merged === undefined) {
      merged = { ...r, tokens: [...r.tokens], channelOf: new Map(r.channelOf) };
      continue;
    }
    merged.tokens.push(...r.tokens);
    merged.at = Math.max(merged.at, r.at);
    merged.reason = `${merged.reason}; ${r.reason}`;
    merged.countsAttempt ||= r.countsAttempt;
    for (const [token, c] of r.channelOf) merged.channelOf.set(token, c);
  }
  return merged;
}

/** Answers tokens that cannot be sent to; returns the devices that can, by channel. */
async function screenDevices(
  deps: SendJobDeps,
  task: PushTaskRow,
  req: PushRequest,
  app: AppRow,
  tokens: string[],
  finals: Final[],
): Promise<Map<ChannelDriver, EligibleDevice[]>> {
  const rows = await deps.ctx.store.db
    .selectFrom('device')
    .select(['token', 'platform', 'channel', 'vendor_token', 'environment', 'status', 'badge'])
    .where('access_id', '=', task.access_id)
    .where('token', 'in', tokens)
    .execute();
  const byToken = new Map(rows.map((r) => [r.token, r]));
  const byChannel = new Map<ChannelDriver, EligibleDevice[]>();
  const disabled = new Set<string>(req.disabledChannels);
  const unrouted = UNROUTED_CHANNEL[app.platform] ?? 'apns';
  for (const token of tokens) {
    const d = byToken.get(token);
    const driver = d === undefined ? undefined : channelDriver(d.channel);
    if (d === undefined) finals.push({ token, channel: unrouted, outcome: 'failed', reason: 'unknown token' });
    else if (driver === undefined) finals.push({ token, channel: unrouted, outcome: 'failed', reason: 'channel not available' });
    // A device of another platform than the app's (possible only through direct writes) has no credential here.
    else if (!servesPlatform(driver, app.platform) || !servesPlatform(driver, d.platform)) finals.push({ token, channel: driver.statName, outcome: 'failed', reason: 'channel not available' });
    else if (d.status !== 'active') finals.push({ token, channel: driver.statName, outcome: 'rejected', reason: `device ${d.status}` });
    else if (driver.environmentScoped && d.environment !== task.environment) finals.push({ token, channel: driver.statName, outcome: 'failed', reason: 'environment mismatch' });
    else if (disabled.has(driver.id)) finals.push({ token, channel: driver.statName, outcome: 'failed', reason: 'channel disabled by channel_rules' });
    else {
      const list = byChannel.get(driver) ?? [];
      list.push({ token, vendor_token: d.vendor_token, badge: d.badge });
      byChannel.set(driver, list);
    }
  }
  return byChannel;
}

async function deliver(
  deps: SendJobDeps,
  task: PushTaskRow,
  req: PushRequest,
  app: AppRow,
  driver: ChannelDriver,
  devices: EligibleDevice[],
  finals: Final[],
  now: number,
  retrying: boolean,
): Promise<Retry | undefined> {
  const { ctx, breakers } = deps;
  const stat = driver.statName;
  const all = devices.map((d) => d.token);
  const waitFor = (tokens: string[], at: number, reason: string, countsAttempt: boolean): Retry =>
    ({ tokens, at, reason, countsAttempt, channelOf: new Map(tokens.map((t) => [t, stat])) });
  const waiting = (at: number, reason: string, countsAttempt: boolean): Retry => waitFor(all, at, reason, countsAttempt);
  const blocked = breakers.blockedUntil(task.access_id, stat);
  if (blocked !== undefined) return waiting(blocked, `${stat}: breaker open`, false);

  let channel;
  try {
    channel = await deps.channels.get(task.access_id, driver.id, task.environment);
  } catch (err) {
    ctx.logger.error({ err, accessId: task.access_id, channel: driver.id }, 'credential unusable');
    breakers.trip(task.access_id, stat);
    return waiting(breakers.blockedUntil(task.access_id, stat) ?? now, `${stat}: credential unusable`, true);
  }
  if (channel === null) {
    for (const token of all) finals.push({ token, channel: stat, outcome: 'failed', reason: 'no credential' });
    return undefined;
  }

  let groups: Array<{ notification: ChannelNotification; targets: DeliveryTarget[] }>;
  try {
    groups = await buildGroups(deps, task, req, app, driver, channel.meta, devices, now, retrying, finals);
  } catch (err) {
    const reason = err instanceof HeraldError || err instanceof Error ? err.message : 'notification could not be built';
    for (const token of all) finals.push({ token, channel: stat, outcome: 'failed', reason });
    return undefined;
  }

  const client = channel.client;
  const outcomes: PushOutcome[] = (await Promise.all(groups.map((g) => client.send(g.notification, g.targets)))).flat();
  // Retry-After counts from the vendor's answer, not from when the job started: a slow answer must not make it early.
  const answeredAt = ctx.clock.now();
  const retryTokens: string[] = [];
  let retryAt = answeredAt;
  let retryReason = '';
  let channelWide = false;
  const vendorTokens = new Map(devices.map((d) => [d.token, d.vendor_token]));
  for (const o of outcomes) {
    if (o.kind === 'rejected') finals.push({ token: o.token, channel: stat, outcome: 'rejected', reason: o.reason, vendorToken: vendorTokens.get(o.token) ?? '' });
    else if (o.kind === 'delivered') finals.push({ token: o.token, channel: stat, outcome: 'delivered', reason: null });
    else if (o.kind === 'failed' && o.channelWide !== true) finals.push({ token: o.token, channel: stat, outcome: 'failed', reason: o.reason });
    else {
      // retry, or a channel-wide failure: the credential may be fixed, so the tokens wait behind the breaker.
      if (o.kind === 'failed') channelWide = true;
      else retryAt = Math.max(retryAt, answeredAt + o.retryAfterMs);
      retryTokens.push(o.token);
      retryReason = `${stat}: ${o.reason}`;
    }
  }
  if (channelWide) {
    breakers.trip(task.access_id, stat);
    await recordCredentialRejected(ctx, task.access_id, driver, task.environment, retryReason);
    retryAt = Math.max(retryAt, breakers.blockedUntil(task.access_id, stat) ?? answeredAt);
  } else if (outcomes.some((o) => o.kind === 'delivered' || o.kind === 'rejected')) {
    breakers.succeed(task.access_id, stat);
  }
  return retryTokens.length === 0 ? undefined : waitFor(retryTokens, retryAt, retryReason, true);
}

/**
 * One notification for the whole batch unless the channel counts badges per device (badge_type -2); then one
 * per distinct badge value. Badge counters are stored before sending, so a crash cannot hand out the same value
 * twice. Devices the channel has nothing to send to are answered `failed` with the driver's reason.
 */
async function buildGroups(
  deps: SendJobDeps,
  task: PushTaskRow,
  req: PushRequest,
  app: AppRow,
  driver: ChannelDriver,
  credentialMeta: Record<string, unknown>,
  devices: EligibleDevice[],
  now: number,
  retrying: boolean,
  finals: Final[],
) {
  // Every task carries a collapse id (given or assigned), so a later push with the same id replaces it on the device.
  const collapseRequested = req.collapseId !== undefined;
  if (!collapseRequested) req = { ...req, collapseId: task.collapse_id };
  const base = { req, collapseRequested, pushId: task.push_id, now, app, credentialMeta };
  const perDevice = driver.perDeviceBadge(req);
  const groups = new Map<string, { notification: ChannelNotification; targets: DeliveryTarget[] }>();
  const badgeWrites = new Map<number, string[]>();
  const shared = perDevice ? undefined : driver.buildNotification({ ...base, badge: { current: 0 } });
  for (const d of devices) {
    // A retried device already had its counter raised (and stored) on the first attempt: send that value again.
    const built = shared ?? driver.buildNotification({ ...base, badge: { current: retrying ? d.badge - 1 : d.badge } });
    if (built.notification === undefined) {
      finals.push({ token: d.token, channel: driver.statName, outcome: 'failed', reason: built.skipReason ?? `nothing to send on ${driver.statName}` });
      continue;
    }
    const key = perDevice ? String(built.nextBadge) : '';
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { notification: built.notification, targets: [] }));
    group.targets.push({ token: d.token, vendorToken: d.vendor_token });
    if (built.nextBadge !== undefined && built.nextBadge !== d.badge) {
      const list = badgeWrites.get(built.nextBadge) ?? [];
      list.push(d.token);
      badgeWrites.set(built.nextBadge, list);
    }
  }
  if (badgeWrites.size > 0) {
    await deps.ctx.store.transaction(async (trx) => {
      for (const [badge, tokens] of badgeWrites) {
        await trx.updateTable('device').set({ badge, updated_at: now }).where('access_id', '=', task.access_id).where('token', 'in', tokens).execute();
      }
    });
  }
  return [...groups.values()];
}

/** Delivery rows per INSERT: 7 columns, well inside the bind-parameter limit. */
const DELIVERY_CHUNK = 500;

async function commit(deps: SendJobDeps, job: QueueJobRow, task: PushTaskRow, finals: Final[], retry: Retry | undefined, control: JobControl): Promise<void> {
  const { ctx, owner } = deps;
  const now = ctx.clock.now();
  await ctx.store.transaction(async (trx) => {
    const fresh = new Set<string>();
    for (let i = 0; i < finals.length; i += DELIVERY_CHUNK) {
      const rows = finals.slice(i, i + DELIVERY_CHUNK).map((f) => ({
        push_id: task.push_id,
        token: f.token,
        access_id: task.access_id,
        channel: f.channel,
        outcome: f.outcome,
        reason: f.reason,
        created_at: now,
      }));
      const inserted = await trx.insertInto('push_delivery').values(rows).onConflict((oc) => oc.doNothing()).returning('token').execute();
      for (const r of inserted) fresh.add(r.token);
    }
    // Count only rows this commit wrote: a token answered twice (takeover race) counts once.
    const byChannel = new Map<string, StatIncrements>();
    for (const f of finals) {
      if (!fresh.has(f.token)) continue;
      const inc = byChannel.get(f.channel) ?? {};
      inc.targeted = (inc.targeted ?? 0) + 1;
      const counter = f.outcome === 'delivered' ? 'sent' : f.outcome === 'rejected' ? 'invalid' : f.outcome;
      inc[counter] = (inc[counter] ?? 0) + 1;
      byChannel.set(f.channel, inc);
    }
    for (const [channel, inc] of byChannel) await incrementStats(trx, statKeyOf(task, channel, ctx.config.tpnsUtcOffsetMinutes), inc);

    // Only the vendor token APNs refused is dead: a device that registered a new one meanwhile stays active.
    const dead = finals.filter((f) => f.outcome === 'rejected' && f.vendorToken !== undefined);
    for (const f of dead) {
      await trx
        .updateTable('device')
        .set({ status: 'invalid', invalid_reason: f.reason, updated_at: now })
        .where('access_id', '=', task.access_id)
        .where('token', '=', f.token)
        .where('vendor_token', '=', f.vendorToken!)
        .where('status', '=', 'active')
        .execute();
    }
    if (retry === undefined && !control.abandoned) {
      await ctx.store.queue.complete(job.job_id, owner, trx);
      await finishIfDone(trx, task.push_id, now);
    }
  });
  for (const f of finals) ctx.metrics.pushes.inc({ channel: f.channel, outcome: f.outcome });
  if (retry !== undefined) {
    const waiting = new Map<string, number>();
    for (const c of retry.channelOf.values()) waiting.set(c, (waiting.get(c) ?? 0) + 1);
    for (const [channel, n] of waiting) ctx.metrics.pushes.inc({ channel, outcome: 'retry' }, n);
    if (!control.abandoned) {
      await ctx.store.queue.release(job.job_id, owner, retry.at, { bumpAttempt: retry.countsAttempt, tokens: retry.tokens });
    }
  }
}
