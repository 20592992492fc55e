/**
 * The honest ceiling for a Node APNs client: one node:http2 session, one cached ES256 token, one reused
 * header object (Node copies headers inside `request()`), up to the peer's SETTINGS_MAX_CONCURRENT_STREAMS in
 * flight, and nothing per request beyond building the path and counting the status.
 */
import http2, { type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { SignJWT, importPKCS8 } from 'jose';
import { countFailure, type BenchClient } from './bench-client.ts';
import type { ClientConfig, RunTally } from './types.ts';

const noop = (): void => undefined;

export function createBareH2Client(c: ClientConfig): BenchClient<readonly string[]> {
  const session = http2.connect(c.url, { ca: c.caCertPem, settings: { enablePush: false }, maxSessionMemory: 64 });
  session.on('error', noop);
  const body = Buffer.from(JSON.stringify(c.payload));
  const headers: Record<string, string> = {
    ':method': 'POST',
    ':path': '',
    'apns-topic': c.bundleId,
    'apns-push-type': 'alert',
    authorization: '',
  };
  // APNs grants one stream until a request carries a valid token; follow every SETTINGS update after that.
  let limit = 1;
  let wake: () => void = noop;
  session.on('remoteSettings', (s) => {
    limit = Math.min(s.maxConcurrentStreams ?? c.streams, c.streams);
    wake();
  });

  function run(tokens: readonly string[]): Promise<RunTally> {
    const tally: RunTally = { delivered: 0, failures: {} };
    if (tokens.length === 0) return Promise.resolve(tally);
    let next = 0;
    let active = 0;
    let closed = 0;
    let failed = 0;
    return new Promise<RunTally>((resolve) => {
      function onResponse(this: ClientHttp2Stream, h: IncomingHttpHeaders): void {
        // Node hands :status over as a number, whatever the header typings say.
        const status: unknown = h[':status'];
        if (status === 200) tally.delivered++;
        else {
          failed++;
          countFailure(tally.failures, `HTTP${String(status)}`);
        }
        this.resume();
      }
      function onClose(): void {
        active--;
        if (++closed === tokens.length) {
          const silent = closed - tally.delivered - failed;
          if (silent > 0) tally.failures['NoResponse'] = silent;
          tally.grantedStreams = limit;
          wake = noop;
          resolve(tally);
          return;
        }
        pump();
      }
      function pump(): void {
        while (active < limit && next < tokens.length) {
          headers[':path'] = '/3/device/' + tokens[next++];
          const stream = session.request(headers);
          active++;
          stream.on('response', onResponse);
          stream.on('error', noop);
          stream.on('close', onClose);
          stream.end(body);
        }
      }
      wake = pump;
      pump();
    });
  }

  return {
    async open() {
      const key = await importPKCS8(c.privateKeyPem, 'ES256');
      const jwt = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: c.keyId })
        .setIssuer(c.teamId)
        .setIssuedAt()
        .sign(key);
      headers['authorization'] = `bearer ${jwt}`;
      const first = await run(['f'.repeat(64)]);
      if (first.delivered !== 1) throw new Error(`bare-h2: first notification not delivered: ${JSON.stringify(first.failures)}`);
    },
    prepare: (tokens) => tokens,
    run,
    close: () =>
      new Promise<void>((resolve) => {
        if (session.closed || session.destroyed) return resolve();
        session.close(() => resolve());
      }),
  };
}
