/**
 * Arrival and click receipts from the SDK feed the funnel. A receipt counts once per (push, token, kind); a click
 * without an earlier arrival implies the arrival (the Service Extension may not have run). Only tokens the push
 * actually targeted, of the app that reports, are accepted.
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { incrementStats } from './stat-counters.ts';
import { statKeyOf } from './stat-key.ts';

export interface ReceiptInput {
  accessId: number;
  pushId: string;
  token: string;
  kind: 'arrived' | 'clicked';
}

export async function recordReceipt(ctx: ServerContext, input: ReceiptInput): Promise<void> {
  const { accessId, pushId, token, kind } = input;
  const task = await ctx.store.db
    .selectFrom('push_task')
    .select(['push_id', 'access_id', 'plan_id', 'send_at'])
    .where('push_id', '=', pushId)
    .where('access_id', '=', accessId)
    .executeTakeFirst();
  if (task === undefined) throw heraldError('PUSH_TASK_NOT_FOUND', `No push task ${pushId} for this app`);
  const delivery = await ctx.store.db
    .selectFrom('push_delivery')
    .select(['channel'])
    .where('push_id', '=', pushId)
    .where('token', '=', token)
    .where('access_id', '=', accessId)
    .executeTakeFirst();
  if (delivery === undefined) throw heraldError('DEVICE_NOT_FOUND', `Token was not targeted by push ${pushId}`);

  const now = ctx.clock.now();
  await ctx.store.transaction(async (trx) => {
    const kinds: Array<'arrived' | 'clicked'> = kind === 'clicked' ? ['arrived', 'clicked'] : ['arrived'];
    const inc: Record<string, number> = {};
    for (const k of kinds) {
      const inserted = await trx
        .insertInto('push_receipt')
        .values({ push_id: pushId, token, kind: k, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) inc[k] = 1;
    }
    await incrementStats(trx, statKeyOf(task, delivery.channel, ctx.config.tpnsUtcOffsetMinutes), inc);
  });
}
