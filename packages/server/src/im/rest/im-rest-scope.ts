/**
 * Prepares the `/v4` scope: the 12 KB JSON body reader, the admin UserSig check on every request, and the
 * JSON-object body rule. Registered first among the v4 route modules so it covers all of them.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.ts';
import { createImRestAuthHook } from './rest-auth.ts';
import { registerImRestBody, requireImJsonObject } from './rest-body.ts';

export async function imRestScope(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  registerImRestBody(scope);
  scope.addHook('onRequest', createImRestAuthHook(ctx));
  scope.addHook('preValidation', requireImJsonObject);
}
