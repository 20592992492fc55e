/**
 * Deletes chat messages older than the roaming period (`imRoamingDays`): C2C messages (the body and its inbox
 * rows), group messages and the @ mention rows of the deleted group seqs. Work is done in bounded batches (one
 * short statement or transaction each) so a large backlog never holds a long lock. Counters stay: conversations and groups keep
 * their last_seq and seqs are never reused, so history simply starts later. Deleting is idempotent, so every
 * node may run this at once.
 */
import type { ServerContext } from '../../context.ts';

export const EXPIRY_BATCH = 1000;

export interface ExpiryResult {
  /** C2C inbox rows: a message kept by both sides counts twice. */
  c2cDeleted: number;
  groupDeleted: number;
}

export interface ExpiryOptions {
  batch?: number;
  /** Checked between batches: true ends the pass early (shutdown). */
  stopped?: () => boolean;
}

export const roamingCutoff = (ctx: ServerContext, now: number): number => now - ctx.config.imRoamingDays * 86_400_000;

/** One batch of expired C2C messages: their bodies and every inbox row showing them. */
async function expireC2cBatch(ctx: ServerContext, cutoff: number, batch: number): Promise<{ messages: number; rows: number }> {
  const bodies = await ctx.store.db.selectFrom('im_c2c_body').select('id').where('time', '<', cutoff).limit(batch).execute();
  if (bodies.length === 0) return { messages: 0, rows: 0 };
  const ids = bodies.map((b) => b.id);
  const rows = await ctx.store.transaction(async (trx) => {
    const deleted = await trx.deleteFrom('im_c2c_inbox').where('body_id', 'in', ids).executeTakeFirst();
    await trx.deleteFrom('im_c2c_body').where('id', 'in', ids).execute();
    return Number(deleted.numDeletedRows);
  });
  return { messages: bodies.length, rows };
}

async function expireGroupBatch(ctx: ServerContext, cutoff: number, batch: number): Promise<number> {
  const keys = await ctx.store.db.selectFrom('im_group_message').select(['sdk_app_id', 'group_id', 'seq'])
    .where('time', '<', cutoff).limit(batch)
    .execute();
  if (keys.length === 0) return 0;
  await ctx.store.transaction(async (trx) => {
    const tuples = keys.map((k) => [k.sdk_app_id, k.group_id, k.seq] as const);
    await trx.deleteFrom('im_group_at')
      .where((eb) => eb(eb.refTuple('sdk_app_id', 'group_id', 'seq'), 'in', tuples.map(([a, g, s]) => eb.tuple(a, g, s))))
      .execute();
    await trx.deleteFrom('im_group_message')
      .where((eb) => eb(eb.refTuple('sdk_app_id', 'group_id', 'seq'), 'in', tuples.map(([a, g, s]) => eb.tuple(a, g, s))))
      .execute();
  });
  return keys.length;
}

export async function expireRoamingMessages(ctx: ServerContext, now: number, o: ExpiryOptions = {}): Promise<ExpiryResult> {
  const cutoff = roamingCutoff(ctx, now);
  const batch = o.batch ?? EXPIRY_BATCH;
  const result: ExpiryResult = { c2cDeleted: 0, groupDeleted: 0 };
  for (;;) {
    if (o.stopped?.() === true) return result;
    const { messages, rows } = await expireC2cBatch(ctx, cutoff, batch);
    result.c2cDeleted += rows;
    if (messages < batch) break;
  }
  for (;;) {
    if (o.stopped?.() === true) return result;
    const n = await expireGroupBatch(ctx, cutoff, batch);
    result.groupDeleted += n;
    if (n < batch) break;
  }
  return result;
}
