/**
 * Runs a `/v3/device/tag` request as one transaction: either every pair is applied or, when a token is not
 * the app's (1008006) or a limit would be broken, nothing is.
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { TagOperation } from '../model/normalize-tag-operation.ts';
import { existingTokens } from '../devices/device-service.ts';
import { addTags, clearTags, deleteTags, replaceTags, type TagPair } from './tag-bindings.ts';

function tokensOf(op: TagOperation): string[] {
  switch (op.operatorType) {
    case 7:
    case 8:
      return op.tokens;
    case 9:
    case 10:
      return op.pairs.map((p) => p.token);
    default:
      return [op.token];
  }
}

function pairsOf(op: TagOperation): TagPair[] {
  switch (op.operatorType) {
    case 1:
    case 2:
      return [{ token: op.token, tag: op.tag }];
    case 3:
    case 4:
    case 6:
      return op.tags.map((tag) => ({ token: op.token, tag }));
    case 7:
    case 8:
      return op.tokens.map((token) => ({ token, tag: op.tag }));
    case 9:
    case 10:
      return op.pairs;
    case 5:
      return [];
  }
}

export async function runTagOperation(ctx: ServerContext, accessId: number, op: TagOperation): Promise<void> {
  const tokens = [...new Set(tokensOf(op))];
  await ctx.store.transaction(async (trx) => {
    const known = await existingTokens(trx, accessId, tokens);
    const unknown = tokens.filter((t) => !known.has(t));
    if (unknown.length > 0) throw heraldError('DEVICE_TOKEN_INVALID', `${unknown.length} of the tokens do not belong to this app`);
    const now = ctx.clock.now();
    switch (op.operatorType) {
      case 1:
      case 3:
      case 7:
      case 9:
        await addTags(trx, accessId, pairsOf(op), now);
        return;
      case 2:
      case 4:
      case 8:
      case 10:
        await deleteTags(trx, accessId, pairsOf(op));
        return;
      case 5:
        await clearTags(trx, accessId, op.token);
        return;
      case 6:
        await replaceTags(trx, accessId, op.token, op.tags, now);
        return;
    }
  });
}
