/**
 * A test server like `startTestServer`, but logging at trace level into memory, so a test can assert that
 * no secret ever reaches the log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config.ts';
import { createContext } from '../../src/create-context.ts';
import { buildServer } from '../../src/http/build-server.ts';
import { createLogger } from '../../src/observability/logger.ts';
import type { ServerLike } from './fixtures.ts';

export async function startLoggingTestServer(): Promise<ServerLike & { logs(): string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-test-'));
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const config = loadConfig({}, { dataDir, host: '127.0.0.1', port: 0, logLevel: 'trace', adminToken: 'test-admin-token', workerEnabled: false });
  const created = await createContext({ config, logger: createLogger('trace', sink) });
  const app = await buildServer(created.ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    ctx: created.ctx,
    admin: { authorization: `Bearer ${created.ctx.adminToken}` },
    logs: () => chunks.join(''),
    async close() {
      await app.close();
      await created.ctx.bus.close();
      await created.ctx.store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
