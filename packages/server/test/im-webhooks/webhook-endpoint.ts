/**
 * An IM app's webhook endpoint for the tests: a real loopback HTTP server (node:http) that records every call
 * (query and JSON body) and answers as the test says: a verdict, a status, garbage, or nothing (it hangs until
 * closed, for the timeout cases).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  query: URLSearchParams;
  body: Record<string, any>;
  command: string;
}

export type Answer = { status?: number; json?: unknown; raw?: string } | 'hang';

export interface WebhookEndpoint {
  url: string;
  calls: ReceivedCall[];
  /** How the next calls are answered (default: `{ActionStatus: 'OK', ErrorCode: 0}`). */
  answer: (call: ReceivedCall) => Answer;
  /** Resolves with the first call (already received or coming) that matches; bounded by the test timeout. */
  next(match: (call: ReceivedCall) => boolean): Promise<ReceivedCall>;
  close(): Promise<void>;
}

export const allow = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };

export async function startWebhookEndpoint(): Promise<WebhookEndpoint> {
  const calls: ReceivedCall[] = [];
  const waiters: Array<{ match: (c: ReceivedCall) => boolean; resolve: (c: ReceivedCall) => void }> = [];
  const hanging: ServerResponse[] = [];
  const endpoint: WebhookEndpoint = {
    url: '',
    calls,
    answer: () => ({ json: allow }),
    next(match) {
      const found = calls.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      let body: Record<string, any> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
      } catch {
        body = { unparsable: true };
      }
      const call = { query, body, command: query.get('CallbackCommand') ?? '' };
      calls.push(call);
      for (let i = waiters.length - 1; i >= 0; i -= 1) {
        if (waiters[i]!.match(call)) waiters.splice(i, 1)[0]!.resolve(call);
      }
      const answer = endpoint.answer(call);
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(answer.raw ?? JSON.stringify(answer.json ?? allow));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/im-callback`;
  return endpoint;
}
