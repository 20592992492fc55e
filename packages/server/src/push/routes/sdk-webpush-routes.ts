/**
 * The Web Push part of the SDK API (`/sdk/v1/webpush`, docs/sdk-api.md): the browser SDK asks for the app's
 * VAPID public key, the `applicationServerKey` it subscribes with. Only the public half is read, from the
 * credential's shown metadata; the sealed private key is never opened here. App auth as the other `/sdk/v1` calls.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { createSdkAppAuthHook, requireSdkApp } from '../devices/sdk-app-auth.ts';

const tags = ['SDK devices'];
const PublicKeyAnswer = Type.Object({ publicKey: Type.String({ description: 'base64url, 65-byte uncompressed P-256 point' }) });

/** The stored public key, or undefined when the metadata has none (a row written by hand, say). */
function publicKeyOf(metaJson: string): string | undefined {
  try {
    const meta = JSON.parse(metaJson) as { publicKey?: unknown };
    return typeof meta.publicKey === 'string' && meta.publicKey !== '' ? meta.publicKey : undefined;
  } catch {
    return undefined;
  }
}

export async function sdkWebPushRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  // A child scope of its own, like sdk-routes.ts, so the app-auth hook covers these routes only.
  await scope.register(async (sdk) => {
    sdk.addHook('onRequest', createSdkAppAuthHook(ctx));

    sdk.get('/webpush/vapid-public-key', { schema: { tags, summary: "The app's VAPID public key (the browser's applicationServerKey)", response: { 200: PublicKeyAnswer } } }, async (request) => {
      const app = requireSdkApp(request);
      const rows = await ctx.store.db
        .selectFrom('credential')
        .select(['environment', 'meta_json'])
        .where('access_id', '=', Number(app.access_id))
        .where('channel', '=', 'webpush')
        .execute();
      // VAPID keys have no environments; the credential API stores them as 'product', which wins if both exist.
      const row = rows.find((r) => r.environment === 'product') ?? rows[0];
      const publicKey = row === undefined ? undefined : publicKeyOf(row.meta_json);
      if (publicKey === undefined) throw heraldError('CREDENTIAL_NOT_FOUND', 'This app has no Web Push (VAPID) key');
      return { publicKey };
    });
  });
}
