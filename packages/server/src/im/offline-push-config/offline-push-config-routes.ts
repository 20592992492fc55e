/**
 * Management API of IM offline push, native mode (admin bearer token): an IM app's offline push certificates
 * (`/api/im/apps/:sdkAppId/push-certificates`) and, per user, what each device reported with setOfflinePushConfig
 * (`/api/im/apps/:sdkAppId/users/:userId/push-config`).
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../../context.ts';
import { CHANNEL_DRIVERS } from '../../push/channels/channel-drivers.ts';
import { addPushCertificate, deletePushCertificate, getPushCertificate, listPushCertificates, MAX_CERTIFICATE_NAME } from './push-certificates.ts';
import { listUserPushConfigs } from './user-push-configs.ts';

const SdkAppId = Type.String({ pattern: '^[0-9]{1,10}$' });
const AppParams = Type.Object({ sdkAppId: SdkAppId });
const CertificateParams = Type.Object({ sdkAppId: SdkAppId, businessID: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const UserParams = Type.Object({ sdkAppId: SdkAppId, userId: Type.String({ pattern: '^[\\x20-\\x7e]{1,32}$' }) });
const AddBody = Type.Object(
  {
    accessId: Type.Integer({ minimum: 1, maximum: 999_999_999_999_999, description: 'The push app (AccessID) whose credential the certificate uses' }),
    channel: Type.Union([...CHANNEL_DRIVERS.keys()].map((c) => Type.Literal(c)), { description: 'The vendor channel of that credential' }),
    environment: Type.Optional(Type.Union([Type.Literal('dev'), Type.Literal('product')], { description: 'APNs only, and required there: the dev or product credential' })),
    voip: Type.Optional(Type.Boolean({ description: 'APNs only: a VoIP certificate (PushKit tokens; the credential must reach the .voip topic)' })),
    name: Type.Optional(Type.String({ maxLength: MAX_CERTIFICATE_NAME, description: 'A label for the console' })),
  },
  { additionalProperties: false },
);

const security = [{ adminBearer: [] }];
const tags = ['IM apps'];

export async function offlinePushConfigRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.post(
    '/im/apps/:sdkAppId/push-certificates',
    {
      schema: {
        tags, security, params: AppParams, body: AddBody,
        summary: 'Add an offline push certificate: a certificate ID (businessID) for a credential saved on a push app',
        description: 'The credential must exist on the push app (CREDENTIAL_NOT_FOUND); one certificate per credential and push type (IM_PUSH_CERT_EXISTS).',
      },
    },
    async (request, reply) => {
      const sdkAppId = Number((request.params as Static<typeof AppParams>).sdkAppId);
      const body = request.body as Static<typeof AddBody>;
      const view = await addPushCertificate(ctx, sdkAppId, { accessId: body.accessId, channel: body.channel, environment: body.environment, voip: body.voip, name: body.name });
      return reply.status(201).send(view);
    },
  );

  scope.get('/im/apps/:sdkAppId/push-certificates', { schema: { tags, security, params: AppParams, summary: "An IM app's offline push certificates" } }, async (request) => {
    const sdkAppId = Number((request.params as Static<typeof AppParams>).sdkAppId);
    return { sdkAppId, certificates: await listPushCertificates(ctx, sdkAppId) };
  });

  scope.get('/im/apps/:sdkAppId/push-certificates/:businessID', { schema: { tags, security, params: CertificateParams, summary: 'One offline push certificate' } }, async (request) => {
    const params = request.params as Static<typeof CertificateParams>;
    return getPushCertificate(ctx, Number(params.sdkAppId), Number(params.businessID));
  });

  scope.delete(
    '/im/apps/:sdkAppId/push-certificates/:businessID',
    { schema: { tags, security, params: CertificateParams, summary: 'Delete an offline push certificate: no more pushes through it; its ID is never reused' } },
    async (request, reply) => {
      const params = request.params as Static<typeof CertificateParams>;
      await deletePushCertificate(ctx, Number(params.sdkAppId), Number(params.businessID));
      return reply.status(204).send();
    },
  );

  scope.get(
    '/im/apps/:sdkAppId/users/:userId/push-config',
    { schema: { tags, security, params: UserParams, summary: "A user's devices, what each reported with setOfflinePushConfig, and what stops a push" } },
    async (request) => {
      const params = request.params as Static<typeof UserParams>;
      const sdkAppId = Number(params.sdkAppId);
      return { sdkAppId, userId: params.userId, devices: await listUserPushConfigs(ctx, sdkAppId, params.userId) };
    },
  );
}
