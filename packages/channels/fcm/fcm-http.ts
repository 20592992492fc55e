/**
 * The FCM channel's HTTP/1.1 transport: node:http(s) with one keep-alive agent per channel. FCM v1 takes one
 * token per request, so throughput comes from many requests in flight over reused connections; an agent (not the
 * global fetch) lets the channel bound its sockets, trust an extra CA for a loopback emulator, and time out each
 * request. The channel's send path drives node:http itself over `agentFor(url)` (one reused options object, shared
 * listeners, one timeout sweep); `request` is the plain promise form for the token endpoint and credential checks.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FcmHttpRequest {
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface FcmHttp {
  request(url: URL, req: FcmHttpRequest): Promise<HttpReply>;
  /** The keep-alive agent for `url`'s scheme, shared with `request`. */
  agentFor(url: URL): http.Agent;
  /** Sockets opened so far (keep-alive reuses them). */
  readonly socketsOpened: number;
  close(): void;
}

export interface FcmHttpOptions {
  /** Extra trusted CA (PEM), e.g. the emulator's. */
  ca?: string;
  /** Connections per origin. */
  maxSockets?: number;
}

/** An error page bigger than this is cut: only its start says anything. */
export const MAX_REPLY_BYTES = 64 * 1024;

export class HttpTimeoutError extends Error {
  override readonly name = 'HttpTimeoutError';
  readonly code = 'ETIMEDOUT';
}

export function createFcmHttp(o: FcmHttpOptions = {}): FcmHttp {
  const maxSockets = o.maxSockets ?? 256;
  const plain = new http.Agent({ keepAlive: true, maxSockets, scheduling: 'fifo' });
  const secure = new https.Agent({ keepAlive: true, maxSockets, scheduling: 'fifo', ...(o.ca !== undefined ? { ca: o.ca } : {}) });
  let socketsOpened = 0;
  // Every new connection goes through the agent's createConnection; counting there costs nothing per request.
  for (const agent of [plain, secure] as http.Agent[]) {
    const create = agent.createConnection.bind(agent) as (...args: unknown[]) => unknown;
    (agent as { createConnection: unknown }).createConnection = (...args: unknown[]) => {
      socketsOpened++;
      return create(...args);
    };
  }

  function attempt(url: URL, req: FcmHttpRequest, retryStale: boolean): Promise<HttpReply> {
    const isHttps = url.protocol === 'https:';
    const mod = isHttps ? https : http;
    return new Promise<HttpReply>((resolve, reject) => {
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
      const r = mod.request(url, { method: req.method, headers, agent: isHttps ? secure : plain });
      const timer = setTimeout(() => r.destroy(new HttpTimeoutError(`No answer within ${req.timeoutMs} ms`)), req.timeoutMs);
      r.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        // The server closed an idle keep-alive socket as this request went out on it: nothing reached the
        // server, so sending once more on a fresh socket is safe (Node's advice for `reusedSocket`).
        if (retryStale && r.reusedSocket && err.code === 'ECONNRESET') resolve(attempt(url, req, false));
        else reject(err);
      });
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size >= MAX_REPLY_BYTES) return;
          size += chunk.length;
          chunks.push(chunk);
        });
        res.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      r.end(req.body);
    });
  }

  return {
    request: (url, req) => attempt(url, req, true),
    agentFor: (url) => (url.protocol === 'https:' ? secure : plain),
    get socketsOpened() {
      return socketsOpened;
    },
    close() {
      plain.destroy();
      secure.destroy();
    },
  };
}
