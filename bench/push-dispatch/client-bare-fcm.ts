/**
 * The honest floor for a Node FCM HTTP v1 client: one cached OAuth access token (one JWT-bearer grant), one
 * keep-alive https.Agent with `concurrency` sockets, `concurrency` requests in flight, one JSON body per token
 * built by concatenation around the token, one reused options object, and nothing per response beyond the
 * status (the body, FCM's message name, is drained unread). What it does not do is what a real sender must:
 * no retries, no error mapping, no expiry bookkeeping.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { SignJWT, importPKCS8 } from 'jose';
import { countFailure } from './bench-client.ts';
import type { HttpBenchClient } from './http-bench-client.ts';
import type { FcmClientConfig, RunTally } from './types.ts';

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

function post(agent: https.Agent, url: URL, headers: Record<string, string | number>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function createBareFcmClient(c: FcmClientConfig): HttpBenchClient<readonly string[]> {
  const sa = c.serviceAccount;
  const projectId = sa['project_id']!;
  const tokenUrl = new URL(sa['token_uri']!);
  const sendUrl = new URL(`${c.baseUrl}/v1/projects/${projectId}/messages:send`);
  const agent = new https.Agent({ keepAlive: true, maxSockets: c.concurrency, ca: c.caCertPem });
  const message = { ...c.message, android: { ...(c.message['android'] as object), ttl: `${c.ttlSeconds}s` } };
  const head = '{"message":{"token":';
  const tail = `,${JSON.stringify(message).slice(1)}}`;
  const options = {
    hostname: sendUrl.hostname,
    port: sendUrl.port,
    path: sendUrl.pathname,
    method: 'POST',
    agent,
    headers: { authorization: '', 'content-type': 'application/json; charset=UTF-8', 'content-length': 0 } as Record<string, string | number>,
  };

  async function fetchAccessToken(): Promise<void> {
    const key = await importPKCS8(sa['private_key']!, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: sa['private_key_id']! })
      .setIssuer(sa['client_email']!)
      .setAudience(sa['token_uri']!)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key);
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
    const reply = await post(agent, tokenUrl, { 'content-type': 'application/x-www-form-urlencoded' }, form);
    const token = (JSON.parse(reply.text) as { access_token?: unknown }).access_token;
    if (reply.status !== 200 || typeof token !== 'string') throw new Error(`bare-fcm: no access token (${reply.status}): ${reply.text}`);
    options.headers['authorization'] = `Bearer ${token}`;
  }

  function run(tokens: readonly string[]): Promise<RunTally> {
    const tally: RunTally = { delivered: 0, failures: {} };
    if (tokens.length === 0) return Promise.resolve(tally);
    let next = 0;
    let done = 0;
    return new Promise<RunTally>((resolve) => {
      function finish(): void {
        if (++done === tokens.length) resolve(tally);
        else if (next < tokens.length) send(head + JSON.stringify(tokens[next++]) + tail, true);
      }
      function send(body: string, mayResend: boolean): void {
        options.headers['content-length'] = Buffer.byteLength(body);
        // Node copies the headers when the request is made, so the shared object can change for the next one.
        const req = https.request(options, (res: IncomingMessage) => {
          if (res.statusCode === 200) tally.delivered++;
          else countFailure(tally.failures, `HTTP${String(res.statusCode)}`);
          res.on('end', finish);
          res.resume();
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          // A keep-alive socket the server closed while idle: nothing reached it, so once more on a fresh one.
          if (mayResend && req.reusedSocket && err.code === 'ECONNRESET') return send(body, false);
          countFailure(tally.failures, `NetworkError:${err.code ?? 'Error'}`);
          finish();
        });
        req.end(body);
      }
      while (next < tokens.length && next < c.concurrency) send(head + JSON.stringify(tokens[next++]) + tail, true);
    });
  }

  return {
    async open() {
      await fetchAccessToken();
      const first = await run(['warmup:APA91b' + 'w'.repeat(140)]);
      if (first.delivered !== 1) throw new Error(`bare-fcm: first message not delivered: ${JSON.stringify(first.failures)}`);
    },
    reauth: fetchAccessToken,
    prepare: (tokens) => tokens,
    run,
    async close() {
      agent.destroy();
    },
  };
}
