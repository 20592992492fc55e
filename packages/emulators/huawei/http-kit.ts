/**
 * The HTTP plumbing the Huawei-family emulators share: a listener on loopback (plain HTTP, or HTTPS with a test
 * PKI certificate), bounded body reading, JSON replies, and form parsing.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createTestPki, type TestPki } from '../pki/index.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Listener {
  url: string;
  caCertPem: string | undefined;
  close(): Promise<void>;
}

/** Listens on `host` at a random port; `tls` serves HTTPS with a certificate of the given (or a new) PKI. */
export async function listen(handler: Handler, o: { host: string; tls: boolean | TestPki | undefined }): Promise<Listener> {
  let server: http.Server | https.Server;
  let caCertPem: string | undefined;
  if (o.tls === undefined || o.tls === false) {
    server = http.createServer({ keepAliveTimeout: 30_000 }, handler);
  } else {
    const pki = o.tls === true ? createTestPki() : o.tls;
    const cert = pki.issueServerCert(['localhost', '127.0.0.1', o.host]);
    server = https.createServer({ key: cert.keyPem, cert: cert.certPem, minVersion: 'TLSv1.2', keepAliveTimeout: 30_000 }, handler);
    caCertPem = pki.caCertPem;
  }
  server.listen(0, o.host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${caCertPem === undefined ? 'http' : 'https'}://${o.host}:${port}`,
    caCertPem,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The request body, or `undefined` when it exceeds `limit` bytes (the rest is drained, not kept). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Form fields of an `application/x-www-form-urlencoded` body; an empty set for any other content type. */
export function formFields(req: IncomingMessage, body: Buffer): URLSearchParams {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  return type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
}

/** The bearer token of the Authorization header, if there is one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers['authorization'];
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

export function isJsonRequest(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
