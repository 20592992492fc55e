/**
 * The honest floor for a Node Web Push sender: per message, the stored subscription is read (JSON, two
 * base64url keys), the payload is encrypted for it with node:crypto alone (RFC 8291 over aes128gcm: a fresh
 * P-256 key pair, ECDH, HKDF as three native `hkdfSync` calls, one AES-128-GCM record) and POSTed over one
 * keep-alive https.Agent with `concurrency` sockets and requests in flight. The VAPID header is signed once per
 * push-service origin and reused. Nothing per response beyond the status; no retries, no error mapping.
 */
import { createCipheriv, createECDH, hkdfSync, randomBytes, sign, createPrivateKey } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { countFailure } from './bench-client.ts';
import type { HttpBenchClient } from './http-bench-client.ts';
import type { RunTally, WebPushClientConfig } from './types.ts';

const KEY_INFO = Buffer.from('WebPush: info\0');
const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0');
const DELIMITER = Buffer.from([2]);
const RECORD_SIZE = 4096;
/** salt 16 + rs 4 + idlen 1 + keyid 65. */
const HEADER_BYTES = 86;

/** RFC 8291 §3.4 and §4: salt ‖ rs ‖ idlen ‖ as_public ‖ AES-128-GCM(plaintext ‖ 0x02) ‖ tag. */
function encrypt(plaintext: Buffer, uaPublic: Buffer, authSecret: Buffer): Buffer {
  const ecdh = createECDH('prime256v1');
  const asPublic = ecdh.generateKeys();
  const secret = ecdh.computeSecret(uaPublic);
  const ikm = Buffer.from(hkdfSync('sha256', secret, authSecret, Buffer.concat([KEY_INFO, uaPublic, asPublic]), 32));
  const salt = randomBytes(16);
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, CEK_INFO, 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, NONCE_INFO, 12));
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  const head = Buffer.allocUnsafe(HEADER_BYTES);
  salt.copy(head, 0);
  head.writeUInt32BE(RECORD_SIZE, 16);
  head[20] = 65;
  asPublic.copy(head, 21);
  return Buffer.concat([head, cipher.update(plaintext), cipher.update(DELIMITER), cipher.final(), cipher.getAuthTag()]);
}

interface StoredSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export function createBareWebPushClient(c: WebPushClientConfig): HttpBenchClient<readonly string[]> {
  const agent = new https.Agent({ keepAlive: true, maxSockets: c.concurrency, ca: c.caCertPem });
  const plaintext = Buffer.from(JSON.stringify(c.payload));
  const pub = Buffer.from(c.vapid.publicKey, 'base64url');
  const signingKey = createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', d: c.vapid.privateKey, x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const vapidByOrigin = new Map<string, string>();
  const headers: Record<string, string | number> = {
    ttl: String(c.ttlSeconds),
    'content-type': 'application/octet-stream',
    'content-encoding': 'aes128gcm',
    authorization: '',
    'content-length': 0,
  };
  const options = { method: 'POST', agent, headers };

  /** RFC 8292: an ES256 JWT for the push service's origin, valid 12 hours, signed once and reused. */
  function vapidFor(endpoint: string): string {
    const origin = endpoint.slice(0, endpoint.indexOf('/', 8));
    let header = vapidByOrigin.get(origin);
    if (header === undefined) {
      const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
      const input = `${b64({ typ: 'JWT', alg: 'ES256' })}.${b64({ aud: origin, exp: Math.floor(Date.now() / 1000) + 12 * 3600, sub: c.vapid.subject })}`;
      const signature = sign('sha256', Buffer.from(input), { key: signingKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
      header = `vapid t=${input}.${signature}, k=${c.vapid.publicKey}`;
      vapidByOrigin.set(origin, header);
    }
    return header;
  }

  function run(subscriptions: readonly string[]): Promise<RunTally> {
    const tally: RunTally = { delivered: 0, failures: {} };
    if (subscriptions.length === 0) return Promise.resolve(tally);
    let next = 0;
    let done = 0;
    return new Promise<RunTally>((resolve) => {
      function finish(): void {
        if (++done === subscriptions.length) resolve(tally);
        else if (next < subscriptions.length) sendTo(subscriptions[next++]!);
      }
      function sendTo(stored: string): void {
        const sub = JSON.parse(stored) as StoredSubscription;
        const body = encrypt(plaintext, Buffer.from(sub.keys.p256dh, 'base64url'), Buffer.from(sub.keys.auth, 'base64url'));
        post(sub.endpoint, body, vapidFor(sub.endpoint), true);
      }
      function post(endpoint: string, body: Buffer, authorization: string, mayResend: boolean): void {
        // Node copies the headers when the request is made, so the shared object can change for the next one.
        headers['authorization'] = authorization;
        headers['content-length'] = body.length;
        const req = https.request(endpoint, options, (res: IncomingMessage) => {
          if (res.statusCode === 201) tally.delivered++;
          else countFailure(tally.failures, `HTTP${String(res.statusCode)}`);
          res.on('end', finish);
          res.resume();
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          // A keep-alive socket the server closed while idle: nothing reached it, so once more on a fresh one.
          if (mayResend && req.reusedSocket && err.code === 'ECONNRESET') return post(endpoint, body, authorization, false);
          countFailure(tally.failures, `NetworkError:${err.code ?? 'Error'}`);
          finish();
        });
        req.end(body);
      }
      while (next < subscriptions.length && next < c.concurrency) sendTo(subscriptions[next++]!);
    });
  }

  return {
    async open() {
      const first = c.subscriptions[0];
      if (first === undefined) throw new Error('bare-webpush: no subscriptions');
      const tally = await run([first]);
      if (tally.delivered !== 1) throw new Error(`bare-webpush: first message not delivered: ${JSON.stringify(tally.failures)}`);
    },
    reauth: () => Promise.resolve(),
    prepare: (subscriptions) => subscriptions,
    run,
    async close() {
      agent.destroy();
    },
  };
}
