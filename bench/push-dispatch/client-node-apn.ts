/**
 * @parse/node-apn 8 as a benchmark client: one Provider (one HTTP/2 session) with token auth, pointed at the
 * emulator through `address`/`port`/`ca`. It is fed exactly like Herald: chunks of targets, a few `send`
 * calls in flight. node-apn does not cap its own streams; nghttp2 queues the requests above the peer's limit.
 */
import apn from '@parse/node-apn';
import { countFailure, type BenchClient } from './bench-client.ts';
import type { ClientConfig, RunTally } from './types.ts';

interface FailedSend {
  device?: string;
  status?: number | string;
  response?: { reason?: string };
  error?: Error;
}

export function createNodeApnClient(c: ClientConfig): BenchClient<readonly string[]> {
  const url = new URL(c.url);
  const provider = new apn.Provider({
    token: { key: c.privateKeyPem, keyId: c.keyId, teamId: c.teamId },
    address: url.hostname,
    port: Number(url.port),
    ca: [c.caCertPem],
    production: true,
  });
  const note = new apn.Notification();
  note.rawPayload = c.payload;
  note.topic = c.bundleId;
  note.pushType = 'alert';

  function reasonOf(f: FailedSend): string {
    return f.response?.reason ?? (f.status !== undefined ? `HTTP${f.status}` : (f.error?.message ?? 'unknown'));
  }

  async function run(tokens: readonly string[]): Promise<RunTally> {
    const tally: RunTally = { delivered: 0, failures: {} };
    let next = 0;
    async function sender(): Promise<void> {
      while (next < tokens.length) {
        const chunk = tokens.slice(next, next + c.chunkSize);
        next += chunk.length;
        const result = await provider.send(note, chunk);
        tally.delivered += result.sent.length;
        for (const f of result.failed as FailedSend[]) countFailure(tally.failures, reasonOf(f));
      }
    }
    await Promise.all(Array.from({ length: c.sendsInFlight }, sender));
    return tally;
  }

  return {
    async open() {
      const result = await provider.send(note, 'f'.repeat(64));
      if (result.sent.length !== 1) throw new Error(`node-apn: first notification not delivered: ${JSON.stringify(result.failed)}`);
    },
    prepare: (tokens) => tokens,
    run,
    async close() {
      await provider.shutdown();
    },
  };
}
