/**
 * Console account management on the management API (`/api/console/admins`): guarded like every `/api` route
 * (admin bearer token or console session; a viewer may list, only an admin may change). See docs/console.md.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../context.ts';
import { createAdmin, deleteAdmin, listAdmins, setAdminPassword, setAdminRole } from './console-admins.ts';
import { NewPassword, Role, Username } from './console-schemas.ts';

const Params = Type.Object({ username: Username });
const CreateBody = Type.Object({ username: Username, password: NewPassword, role: Role }, { additionalProperties: false });
const PasswordBody = Type.Object({ password: NewPassword }, { additionalProperties: false });
const RoleBody = Type.Object({ role: Role }, { additionalProperties: false });

const tags = ['Console'];
const security: Array<Record<string, string[]>> = [{ adminBearer: [] }, { consoleSession: [] }];

export async function consoleAdminRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.get('/console/admins', { schema: { tags, security, summary: 'Console accounts and their roles' } }, async () => ({ admins: await listAdmins(ctx) }));

  scope.post('/console/admins', { schema: { tags, security, body: CreateBody, summary: 'Add a console account' } }, async (request, reply) => {
    const { username, password, role } = request.body as Static<typeof CreateBody>;
    return reply.status(201).send(await createAdmin(ctx, username, password, role));
  });

  scope.delete('/console/admins/:username', { schema: { tags, security, params: Params, summary: 'Delete a console account and end its sessions (not the last admin)' } }, async (request, reply) => {
    await deleteAdmin(ctx, (request.params as Static<typeof Params>).username);
    return reply.status(204).send();
  });

  scope.put(
    '/console/admins/:username/password',
    { schema: { tags, security, params: Params, body: PasswordBody, summary: "Set an account's password; ends its sessions but the one making the change" } },
    async (request) => {
      const { username } = request.params as Static<typeof Params>;
      const own = request.consoleSession?.username === username ? request.consoleSession.idHash : undefined;
      return setAdminPassword(ctx, username, (request.body as Static<typeof PasswordBody>).password, own);
    },
  );

  scope.put(
    '/console/admins/:username/role',
    { schema: { tags, security, params: Params, body: RoleBody, summary: "Set an account's role (the last admin cannot be made a viewer)" } },
    async (request) => setAdminRole(ctx, (request.params as Static<typeof Params>).username, (request.body as Static<typeof RoleBody>).role),
  );
}
