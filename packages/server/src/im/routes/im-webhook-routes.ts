/** An IM app's webhook (third-party callback) settings under /api/im/apps/:sdkAppId/callback. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { CALLBACK_COMMANDS } from '../webhooks/callback-commands.ts';
import { deleteWebhookSettings, getWebhookSettings, putWebhookSettings } from '../webhooks/webhook-settings.ts';

const Params = Type.Object({ sdkAppId: Type.String({ pattern: '^[0-9]{1,10}$' }) });
const PutBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 1024, description: 'http:// or https:// URL the webhooks are POSTed to' }),
    token: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()], {
      description: 'Signs requests (Sign = sha256(token + RequestTime)); write-only. Absent: keep the current one; null or empty: remove it',
    })),
    commands: Type.Array(Type.Union(CALLBACK_COMMANDS.map((c) => Type.Literal(c))), {
      uniqueItems: true, maxItems: CALLBACK_COMMANDS.length, description: 'The CallbackCommands to call; the others are never sent',
    }),
    deliverOnTimeout: Type.Optional(Type.Boolean({ description: 'A before-send webhook that times out or fails lets the message through (default true, like Tencent)' })),
  },
  { additionalProperties: false },
);

const security = [{ adminBearer: [] }];
const tags = ['IM apps'];

/** Only http(s) with a host; anything else (file:, javascript:, a bare path) could never be a webhook endpoint. */
function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw heraldError('REQUEST_PARAM_INVALID', 'body.url: not a URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw heraldError('REQUEST_PARAM_INVALID', 'body.url: must be an http:// or https:// URL');
  }
  if (url.hash !== '') throw heraldError('REQUEST_PARAM_INVALID', 'body.url: must not have a #fragment');
  return value;
}

export async function imWebhookRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.get('/im/apps/:sdkAppId/callback', { schema: { tags, security, params: Params, summary: "An IM app's webhook settings (never the token)" } }, async (request) => {
    const { sdkAppId } = request.params as Static<typeof Params>;
    return getWebhookSettings(ctx, Number(sdkAppId));
  });

  scope.put('/im/apps/:sdkAppId/callback', { schema: { tags, security, params: Params, body: PutBody, summary: "Set an IM app's webhook URL, token, commands and timeout policy" } }, async (request) => {
    const { sdkAppId } = request.params as Static<typeof Params>;
    const body = request.body as Static<typeof PutBody>;
    return putWebhookSettings(ctx, Number(sdkAppId), { url: checkUrl(body.url), token: body.token, commands: body.commands, deliverOnTimeout: body.deliverOnTimeout });
  });

  scope.delete('/im/apps/:sdkAppId/callback', { schema: { tags, security, params: Params, summary: "Remove an IM app's webhooks" } }, async (request, reply) => {
    const { sdkAppId } = request.params as Static<typeof Params>;
    await deleteWebhookSettings(ctx, Number(sdkAppId));
    return reply.status(204).send();
  });
}
