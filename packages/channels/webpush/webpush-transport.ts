/**
 * HTTP/1.1 for Web Push: every subscription names its own push service, so there is no one session to keep
 * open as with APNs. node:http(s) agents keep a keep-alive pool per origin (host and port), bounded by
 * `maxSocketsPerOrigin`, and take a custom CA (a test push service). Redirects are never followed
 * (UnifiedPush SERV_1.2.0: "Redirects MUST NOT be followed on push endpoints"; an open redirect would also let
 * an endpoint point Herald anywhere).
 */
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';

export interface WebPushResponse {
  /** 0 when no response came (network error or timeout). */
  status: number;
  headers: IncomingHttpHeaders;
  /** The body of a non-2xx answer (first 4 KB), for the outcome reason. */
  body: string | undefined;
  error: (Error & { code?: string }) | undefined;
  timedOut: boolean;
}

export interface WebPushTransportOptions {
  /** Extra trusted CA certificates (PEM), e.g. the emulator's. */
  ca?: string | string[];
  /** Keep-alive connections per push-service origin. Default 64. */
  maxSocketsPerOrigin?: number;
}

export interface WebPushTransport {
  request(url: URL, method: 'POST' | 'GET', headers: OutgoingHttpHeaders, body: Buffer | undefined, timeoutMs: number): Promise<WebPushResponse>;
  /** Connections opened so far (a keep-alive check for tests). */
  readonly connectionsOpened: number;
  close(): void;
}

const MAX_ERROR_BODY = 4096;

export function createWebPushTransport(o: WebPushTransportOptions = {}): WebPushTransport {
  const maxSockets = Math.max(1, o.maxSocketsPerOrigin ?? 64);
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets, ...(o.ca !== undefined ? { ca: o.ca } : {}) });
  let connectionsOpened = 0;
  // Sockets that already carried a request. Node sets `req.reusedSocket` only when a free socket is taken at
  // once, not when a queued request gets a socket another request released, so reuse is tracked here.
  const used = new WeakSet<Socket>();

  function once(url: URL, method: 'POST' | 'GET', headers: OutgoingHttpHeaders, body: Buffer | undefined, timeoutMs: number): Promise<WebPushResponse & { reused: boolean }> {
    return new Promise((resolve) => {
      const secure = url.protocol === 'https:';
      const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      let timedOut = false;
      let settled = false;
      let reused = false;
      const done = (r: WebPushResponse, onReusedSocket: boolean) => {
        if (settled) return;
        settled = true;
        resolve({ ...r, reused: onReusedSocket });
      };
      const req = (secure ? https : http).request({
        protocol: url.protocol,
        hostname,
        port: url.port === '' ? undefined : Number(url.port),
        path: url.pathname + url.search,
        method,
        headers,
        agent: secure ? httpsAgent : httpAgent,
        // SNI carries host names only (RFC 6066), never an address.
        servername: secure && isIP(hostname) === 0 ? hostname : undefined,
      });
      req.on('socket', (socket: Socket) => {
        reused = used.has(socket);
        if (!reused) {
          used.add(socket);
          connectionsOpened++;
        }
      });
      req.setTimeout(timeoutMs, () => {
        timedOut = true;
        req.destroy(new Error('request timed out'));
      });
      req.on('error', (error: Error & { code?: string }) => {
        done({ status: 0, headers: {}, body: undefined, error, timedOut }, reused);
      });
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300 && method === 'POST') {
          res.resume();
          res.on('end', () => done({ status, headers: res.headers, body: undefined, error: undefined, timedOut: false }, false));
        } else {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_ERROR_BODY) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY).toString('utf8');
            done({ status, headers: res.headers, body: text, error: undefined, timedOut: false }, false);
          });
        }
        res.on('error', (error: Error) => done({ status, headers: res.headers, body: undefined, error, timedOut: false }, false));
      });
      req.end(body);
    });
  }

  return {
    async request(url, method, headers, body, timeoutMs) {
      const first = await once(url, method, headers, body, timeoutMs);
      // A keep-alive socket the server closed while idle fails before the request reached it: send it again
      // once (the pattern Node's http docs give for `reusedSocket`).
      if (first.status === 0 && first.reused && !first.timedOut && first.error?.code === 'ECONNRESET') {
        return once(url, method, headers, body, timeoutMs);
      }
      return first;
    },
    get connectionsOpened() {
      return connectionsOpened;
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
