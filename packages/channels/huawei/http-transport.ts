/**
 * A small HTTP/1.1 client over node:http/https with keep-alive agents, shared by the Huawei-family channels.
 * node:https rather than the global fetch because a channel must trust an extra CA (the emulator's test CA) per
 * channel, which Node 20's fetch cannot do without the undici package. Vendor replies are small JSON bodies; a
 * reply larger than `maxReplyBytes` is cut off and reported as a network error rather than buffered.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpTransport {
  request(url: string, req: HttpRequest): Promise<HttpReply>;
  /** Drops every kept-alive socket; requests in flight fail with a network error. */
  close(): void;
}

/** The request never got a complete answer: retry it later. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: 'Timeout' | 'NetworkError',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface HttpTransportOptions {
  /** Extra trusted CA (PEM), e.g. an emulator's. */
  ca?: string;
  /** Sockets per host; the channel's concurrency limit keeps below it. Default 64. */
  maxSockets?: number;
  maxReplyBytes?: number;
}

export function createHttpTransport(o: HttpTransportOptions = {}): HttpTransport {
  const maxSockets = o.maxSockets ?? 64;
  const maxReplyBytes = o.maxReplyBytes ?? 1 << 20;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets, ...(o.ca === undefined ? {} : { ca: o.ca }), minVersion: 'TLSv1.2' });

  function request(url: string, req: HttpRequest): Promise<HttpReply> {
    return new Promise<HttpReply>((resolve, reject) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch (e) {
        reject(new TransportError('NetworkError', `Bad URL: ${url}`, { cause: e }));
        return;
      }
      const secure = target.protocol === 'https:';
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body, 'utf8');
      const outgoing = (secure ? https : http).request(target, { method: req.method, headers, agent: secure ? httpsAgent : httpAgent });
      let settled = false;
      const fail = (err: TransportError) => {
        if (settled) return;
        settled = true;
        outgoing.destroy();
        reject(err);
      };
      const timer = setTimeout(() => fail(new TransportError('Timeout', `No answer within ${req.timeoutMs} ms`)), req.timeoutMs);
      outgoing.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        fail(new TransportError('NetworkError', e.code ?? e.message, { cause: e }));
      });
      outgoing.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxReplyBytes) {
            clearTimeout(timer);
            fail(new TransportError('NetworkError', `Reply larger than ${maxReplyBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          fail(new TransportError('NetworkError', e.message, { cause: e }));
        });
        res.on('end', () => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      outgoing.end(req.body);
    });
  }

  return {
    request,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** A header's single value (Node joins repeated ones, but some come as arrays). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
