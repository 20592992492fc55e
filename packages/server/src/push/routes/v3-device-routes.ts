/**
 * TPNS `/v3/device/*`: account binding and query, tags. Bodies are read by the shared normalisers in
 * `push/model` (TPNS codes 1008002/1008007); the TypeBox schemas only describe the shapes in OpenAPI. Every
 * read and write is scoped to the authenticated app, so another app's tokens are "1008006" here.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.ts';
import { requirePushApp } from '../../http/tpns-auth.ts';
import { runAccountOperation } from '../accounts/account-batch.ts';
import { accountTokens, tokenAccounts } from '../accounts/account-bindings.ts';
import { existingTokens } from '../devices/device-service.ts';
import { isObject, optionalInteger } from '../model/field-reader.ts';
import { normalizeAccountOperation, normalizeAccountQuery } from '../model/normalize-account-operation.ts';
import { normalizeTagDeleteAllDevice, normalizeTagOperation } from '../model/normalize-tag-operation.ts';
import { AccountBatchOperateBody, AccountQueryBody, DeviceTagBody, TagDeleteAllDeviceBody } from '../model/schemas.ts';
import { ErrorCatalogue } from '@herald/protocol';
import { deleteTagsEverywhere } from '../tags/tag-bindings.ts';
import { runTagOperation } from '../tags/run-tag-operation.ts';
import { tpnsRouteDoc } from './tpns-route-doc.ts';

function doc(summary: string, body: unknown) {
  return tpnsRouteDoc('TPNS devices', summary, body);
}

/** TPNS echoes the request's `seq`. Read before the operation runs, so a wrong-typed `seq` changes nothing. */
function seqOf(request: FastifyRequest): { seq?: number } {
  const body = request.body;
  if (!isObject(body)) return {};
  const seq = optionalInteger(body, 'seq', 'seq');
  return seq === undefined ? {} : { seq };
}

const INVALID_TOKEN = String(ErrorCatalogue.DEVICE_TOKEN_INVALID.retCode);

export async function v3DeviceRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.post('/device/account/batchoperate', doc('Bind and unbind accounts (operator_type 1–5)', AccountBatchOperateBody), async (request) => {
    const accessId = Number(requirePushApp(request).row.access_id);
    const seq = seqOf(request);
    const op = normalizeAccountOperation(request.body);
    const outcome = await runAccountOperation(ctx, accessId, op);
    return { ...seq, ret_code: outcome.retCode, err_msg: outcome.errMsg, result: outcome.result };
  });

  scope.post(
    '/device/account/query',
    { ...doc('Look up account → tokens (1) or token → accounts (2)', AccountQueryBody), config: { errorStyle: 'tpns-camel' } },
    async (request) => {
      const accessId = Number(requirePushApp(request).row.access_id);
      const query = normalizeAccountQuery(request.body);
      if (query.operatorType === 1) {
        const accountTokensList = [];
        for (const ref of query.accounts) {
          accountTokensList.push({ account: ref.account, account_type: ref.accountType, token_list: await accountTokens(ctx.store.db, accessId, ref) });
        }
        return { retCode: 0, errMsg: '', result: accountTokensList.map(() => '0'), account_tokens: accountTokensList, token_accounts: [] };
      }
      const known = await existingTokens(ctx.store.db, accessId, query.tokens);
      const result: string[] = [];
      const tokenAccountsList = [];
      for (const token of query.tokens) {
        const accounts = known.has(token) ? await tokenAccounts(ctx.store.db, accessId, token) : [];
        result.push(known.has(token) ? '0' : INVALID_TOKEN);
        tokenAccountsList.push({ token, account_list: accounts.map((a) => ({ account: a.account, account_type: a.accountType })) });
      }
      return { retCode: 0, errMsg: '', result, account_tokens: [], token_accounts: tokenAccountsList };
    },
  );

  scope.post('/device/tag', doc('Bind and unbind tags (operator_type 1–10)', DeviceTagBody), async (request) => {
    const accessId = Number(requirePushApp(request).row.access_id);
    const seq = seqOf(request);
    await runTagOperation(ctx, accessId, normalizeTagOperation(request.body));
    return { ...seq, ret_code: 0, err_msg: '' };
  });

  scope.post('/device/tag/delete_all_device', doc('Remove every device from the given tags', TagDeleteAllDeviceBody), async (request) => {
    const accessId = Number(requirePushApp(request).row.access_id);
    const seq = seqOf(request);
    const { tags } = normalizeTagDeleteAllDevice(request.body);
    await ctx.store.transaction((trx) => deleteTagsEverywhere(trx, accessId, tags));
    return { ...seq, ret_code: 0, err_msg: '', result: {} };
  });
}
