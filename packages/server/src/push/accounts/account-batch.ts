/**
 * Runs a `/v3/device/account/batchoperate` request. Each item succeeds or fails on its own, in its own
 * transaction, and gets a result code: "0", "1008006" for a token this app does not have, or the failing
 * rule's TPNS code (e.g. the 101st token of an account). ret_code is 0 when every item succeeded, 1008026
 * when some did and 1008027 when none did (TPNS's batch codes).
 */
import { HeraldError, ErrorCatalogue } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { existingTokens } from '../devices/device-service.ts';
import {
  overwriteTokenAccounts, unbindAccountEverywhere, unbindTokenAccounts, unbindTokenTypes,
} from './account-bindings.ts';
import type { AccountOperation } from '../model/normalize-account-operation.ts';

export interface BatchOutcome {
  retCode: number;
  errMsg: string;
  result: string[];
}

const INVALID_TOKEN = String(ErrorCatalogue.DEVICE_TOKEN_INVALID.retCode);

export function summarize(result: string[]): BatchOutcome {
  const failed = result.filter((r) => r !== '0').length;
  if (failed === 0) return { retCode: 0, errMsg: '', result };
  const entry = failed === result.length ? ErrorCatalogue.BATCH_FAILED : ErrorCatalogue.BATCH_PARTIAL;
  return { retCode: entry.retCode, errMsg: entry.message, result };
}

async function attempt(work: () => Promise<void>): Promise<string> {
  try {
    await work();
    return '0';
  } catch (err) {
    if (err instanceof HeraldError && err.status < 500) return String(err.retCode);
    throw err;
  }
}

export async function runAccountOperation(ctx: ServerContext, accessId: number, op: AccountOperation): Promise<BatchOutcome> {
  const result: string[] = [];
  if (op.operatorType === 5) {
    for (const ref of op.accounts) {
      result.push(await attempt(() => ctx.store.transaction((trx) => unbindAccountEverywhere(trx, accessId, ref))));
    }
    return summarize(result);
  }
  const tokens = op.operatorType === 4 ? op.tokens : op.tokenAccounts.map((i) => i.token);
  const known = await existingTokens(ctx.store.db, accessId, tokens);
  if (op.operatorType === 4) {
    for (const token of op.tokens) {
      if (!known.has(token)) result.push(INVALID_TOKEN);
      else result.push(await attempt(() => ctx.store.transaction((trx) => unbindTokenTypes(trx, accessId, token))));
    }
    return summarize(result);
  }
  for (const item of op.tokenAccounts) {
    if (!known.has(item.token)) {
      result.push(INVALID_TOKEN);
      continue;
    }
    result.push(await attempt(() => ctx.store.transaction(async (trx) => {
      if (op.operatorType === 3) await unbindTokenAccounts(trx, accessId, item.token, item.accounts);
      // operator_type 1 ("append") was retired by TPNS and arrives here as 2 (overwrite).
      else await overwriteTokenAccounts(trx, accessId, item.token, item.accounts, ctx.clock.now());
    })));
  }
  return summarize(result);
}
