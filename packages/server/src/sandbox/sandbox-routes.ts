/**
 * Management API of sandbox mode (`/api/sandbox…`, admin bearer token or console session; changes need the
 * admin role, viewers read). With sandbox mode off every route answers 404 SANDBOX_OFF, except
 * `GET /api/sandbox`, which says `{enabled: false}` so the console knows whether to show its Sandbox page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';
import { createPushIdAllocator } from '../push/tasks/push-id.ts';
import { issueCredential } from './issue-credential.ts';
import type { Sandbox } from './sandbox.ts';
import { SANDBOX_CHANNELS } from './sandbox-channels.ts';
import { createSandboxDevice, deleteSandboxDevice, listSandboxDevices, requireSandboxDevice, sandboxInbox } from './sandbox-devices.ts';
import { sendTestPush } from './test-push.ts';

const Channel = Type.Union(SANDBOX_CHANNELS.map((c) => Type.Literal(c)), { description: "Herald's channel id" });
const ChannelParams = Type.Object({ channel: Channel });
const DeviceParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$', description: 'The sandbox device id' }) });
const CredentialBody = Type.Object(
  {
    bundleId: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'APNs: the only topic the key may push to; any when absent' })),
    packageName: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Android vendors: the app\'s package name (required for xiaomi)' })),
  },
  { additionalProperties: false },
);
const DeviceBody = Type.Object(
  {
    accessId: Type.Integer({ minimum: 1, maximum: 999_999_999_999_999 }),
    channel: Channel,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    environment: Type.Optional(Type.Union([Type.Literal('dev'), Type.Literal('product')], { description: 'APNs only; product by default' })),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object({ accessId: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: "Only this app's devices" })) }, { additionalProperties: false });
const InboxQuery = Type.Object({ after: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'Notifications already seen; 0 by default' })) }, { additionalProperties: false });
const TestPushBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 4000 })),
    content: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  { additionalProperties: false },
);

const security = [{ adminBearer: [] }];
const tags = ['Sandbox'];

function requireSandbox(ctx: ServerContext): Sandbox {
  if (ctx.sandbox === undefined) throw heraldError('SANDBOX_OFF');
  return ctx.sandbox;
}

/** The credential body is optional: no body is `{}`. */
async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

export async function sandboxRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  const pushIds = createPushIdAllocator(ctx.clock);

  scope.get('/sandbox', { schema: { tags, security, summary: 'Whether this node runs in sandbox mode, and the channels it emulates' } }, async () =>
    ctx.sandbox === undefined ? { enabled: false } : { enabled: true, channels: ctx.sandbox.channels },
  );

  scope.post(
    '/sandbox/credentials/:channel',
    {
      preValidation: emptyBodyAsObject,
      schema: { tags, security, params: ChannelParams, body: CredentialBody, summary: "Issue a credential the channel's emulator accepts, as the vendor's developer console would" },
    },
    async (request, reply) => {
      const sandbox = requireSandbox(ctx);
      const { channel } = request.params as Static<typeof ChannelParams>;
      const body = request.body as Static<typeof CredentialBody>;
      return reply.status(201).send(issueCredential(sandbox.emulators, channel, body));
    },
  );

  scope.post('/sandbox/devices', { schema: { tags, security, body: DeviceBody, summary: "A virtual phone or browser with the app installed, registered with Herald as the SDK does" } }, async (request, reply) => {
    const sandbox = requireSandbox(ctx);
    const body = request.body as Static<typeof DeviceBody>;
    return reply.status(201).send(await createSandboxDevice(ctx, sandbox, body));
  });

  scope.get('/sandbox/devices', { schema: { tags, security, querystring: ListQuery, summary: 'The virtual devices, newest first' } }, async (request) => {
    const sandbox = requireSandbox(ctx);
    const { accessId } = request.query as Static<typeof ListQuery>;
    return { devices: listSandboxDevices(sandbox, accessId === undefined ? undefined : Number(accessId)) };
  });

  scope.get('/sandbox/devices/:id/inbox', { schema: { tags, security, params: DeviceParams, querystring: InboxQuery, summary: 'What the device received, oldest first, from index `after` on' } }, async (request) => {
    const sandbox = requireSandbox(ctx);
    const { id } = request.params as Static<typeof DeviceParams>;
    const { after } = request.query as Static<typeof InboxQuery>;
    return sandboxInbox(sandbox, id, Number(after ?? 0));
  });

  scope.post('/sandbox/devices/:id/test-push', { schema: { tags, security, params: DeviceParams, body: TestPushBody, summary: "A token push to the device through Herald's push pipeline" } }, async (request, reply) => {
    const sandbox = requireSandbox(ctx);
    const { id } = request.params as Static<typeof DeviceParams>;
    const body = request.body as Static<typeof TestPushBody>;
    return reply.status(201).send(await sendTestPush(ctx, pushIds, requireSandboxDevice(sandbox, id), body));
  });

  scope.delete('/sandbox/devices/:id', { schema: { tags, security, params: DeviceParams, summary: 'Uninstall the app: the vendor forgets the token and the device leaves the list' } }, async (request, reply) => {
    const sandbox = requireSandbox(ctx);
    const { id } = request.params as Static<typeof DeviceParams>;
    deleteSandboxDevice(sandbox, id);
    return reply.status(204).send();
  });
}
