/**
 * The child side of the harness's IPC: answer each request with a reply carrying the same id, and say hello
 * once ready. A child that loses its parent exits, so an interrupted harness leaves no processes behind.
 */
import type { BenchRequest, ChildHello, ChildReply } from './ipc-messages.ts';

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export function serveParent<Req extends BenchRequest>(handle: (request: Req) => Promise<unknown>): void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('bench child started without an IPC channel');
  process.on('message', (message: Req) => {
    handle(message).then(
      (value) => send({ id: message.id, ok: true, value: value ?? null } satisfies ChildReply),
      (e: unknown) => send({ id: message.id, ok: false, error: errorText(e) } satisfies ChildReply),
    );
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'hello', pid: process.pid } satisfies ChildHello);
}
