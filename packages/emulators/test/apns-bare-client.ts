/** A bare node:http2 APNs client for tests: no library between the test and the wire. */
import http2 from 'node:http2';
import { once } from 'node:events';
import { SignJWT, importPKCS8 } from 'jose';

export interface BareResponse {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: string;
  json: { reason?: string; timestamp?: number } | undefined;
}

export async function connect(url: string, ca: string, tls: { cert?: string; key?: string } = {}): Promise<http2.ClientHttp2Session> {
  const session = http2.connect(url, { ca, ...tls });
  session.on('error', () => undefined);
  await once(session, 'remoteSettings');
  return session;
}

export async function post(
  session: http2.ClientHttp2Session,
  headers: http2.OutgoingHttpHeaders,
  body: string | Buffer | undefined = '{"aps":{"alert":"hi"}}',
): Promise<BareResponse> {
  const req = session.request({ ':method': 'POST', ...headers });
  req.end(body);
  const [resHeaders] = (await once(req, 'response')) as [http2.IncomingHttpHeaders];
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let json: BareResponse['json'];
  try {
    json = text === '' ? undefined : (JSON.parse(text) as BareResponse['json']);
  } catch {
    json = undefined;
  }
  return { status: Number(resHeaders[':status']), headers: resHeaders, body: text, json };
}

export async function mintToken(o: { privateKeyPem: string; keyId: string; teamId: string; iatSeconds: number }): Promise<string> {
  const key = await importPKCS8(o.privateKeyPem, 'ES256');
  return new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: o.keyId }).setIssuer(o.teamId).setIssuedAt(o.iatSeconds).sign(key);
}

export function closeSession(session: http2.ClientHttp2Session): Promise<void> {
  return new Promise((resolve) => {
    if (session.closed || session.destroyed) return resolve();
    session.close(() => resolve());
  });
}
