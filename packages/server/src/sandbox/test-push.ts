/**
 * A test push to one virtual device, through Herald's own pipeline: the token push `POST /v3/push/app` would
 * accept for the device's app (same checks, same task, same workers and funnel), so it shows in the app's push
 * tasks like any other.
 */
import type { ServerContext } from '../context.ts';
import { requireApp } from '../push/apps/app-service.ts';
import { acceptPush } from '../push/tasks/accept-push.ts';
import type { PushIdAllocator } from '../push/tasks/push-id.ts';
import type { SandboxDeviceRecord } from './sandbox.ts';

export const DEFAULT_TEST_TITLE = 'Herald sandbox';

export async function sendTestPush(ctx: ServerContext, ids: PushIdAllocator, device: SandboxDeviceRecord, text: { title?: string | undefined; content: string }): Promise<{ pushId: string }> {
  const app = await requireApp(ctx.store.db, device.accessId);
  const message: Record<string, unknown> = { title: text.title ?? DEFAULT_TEST_TITLE, content: text.content };
  // vivo holds operation messages (its default class) at night, Beijing time, and caps them per device per day;
  // a test push is sent as a system message so it arrives whenever someone tries the sandbox.
  if (device.channel === 'vivo') message['android'] = { vivo_ch_id: '1' };
  const accepted = await acceptPush(ctx, app, {
    audience_type: 'token',
    token_list: [device.heraldToken],
    message_type: 'notify',
    environment: device.environment,
    message,
  }, ids);
  return { pushId: accepted.push_id };
}
