/**
 * Management API of the console toolbox's lookups (admin bearer token or console session):
 * `GET /api/apps/:accessId/devices/:token` and `GET /api/apps/:accessId/accounts/:account`. Read only.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../../context.ts';
import { MAX_ACCOUNT_LENGTH } from '../model/limits.ts';
import { lookUpAccount, lookUpToken } from './device-lookup.ts';

const AccessId = Type.String({ pattern: '^[0-9]{1,15}$' });
const TokenParams = Type.Object({ accessId: AccessId, token: Type.String({ pattern: '^[0-9a-f]{36}$', description: 'A Herald (TPNS) token' }) });
const AccountParams = Type.Object({ accessId: AccessId, account: Type.String({ minLength: 1, maxLength: MAX_ACCOUNT_LENGTH }) });

const security = [{ adminBearer: [] }];
const tags = ['Management'];

export async function deviceLookupRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.get(
    '/apps/:accessId/devices/:token',
    { schema: { tags, security, params: TokenParams, summary: "A token of the app: its device, vendor token (shortened), tags, accounts and recent pushes with each one's outcome" } },
    async (request) => {
      const params = request.params as Static<typeof TokenParams>;
      return lookUpToken(ctx.store.db, Number(params.accessId), params.token);
    },
  );

  scope.get(
    '/apps/:accessId/accounts/:account',
    { schema: { tags, security, params: AccountParams, summary: 'The devices bound to an account of the app (any account type), as the token lookup shows them' } },
    async (request) => {
      const params = request.params as Static<typeof AccountParams>;
      return lookUpAccount(ctx.store.db, Number(params.accessId), params.account);
    },
  );
}
