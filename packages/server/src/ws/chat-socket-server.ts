/**
 * The HTTP upgrade to the chat WebSocket, taken on the Node HTTP server itself instead of through a fastify
 * route. A routed upgrade (what @fastify/websocket does) keeps the fastify Request and Reply, a ServerResponse,
 * the parsed headers and a child logger reachable from the socket for its whole life: about 2 KiB per idle
 * connection (docs/performance.md, B2). Here the request is garbage once the handshake is written.
 *
 * Nothing about the endpoint changes for clients: there is no auth at upgrade (it happens at the `login` op), no
 * Origin rule, no per-message compression, and it is not an HTTP route, so the API docs do not list it.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

declare module 'fastify' {
  interface FastifyInstance {
    /** The chat WebSocket server; `clients` holds every open chat socket. */
    websocketServer: WebSocketServer;
  }
}

export interface ChatSocketServerOptions {
  /** Larger messages close the socket with 1009 before they are buffered whole. */
  maxPayload: number;
}

export function createChatSocketServer(o: ChatSocketServerOptions): WebSocketServer {
  return new WebSocketServer({ noServer: true, maxPayload: o.maxPayload, perMessageDeflate: false });
}

export interface ChatUpgradeOptions {
  /** The one path upgraded; an upgrade to any other path is answered 404. */
  path: string;
  wss: WebSocketServer;
  onSocket(socket: WebSocket): void;
}

/**
 * Upgrades requests for `path` on `server`. Returns the detach function; once detached, Node hands upgrade
 * requests to the HTTP handler as ordinary requests (fastify answers them 503 while closing, 404 otherwise).
 */
export function attachChatUpgrade(server: Server, o: ChatUpgradeOptions): () => void {
  const onSocket = (socket: WebSocket): void => o.onSocket(socket);
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathOf(req.url) !== o.path) {
      refuse(socket, 404);
      return;
    }
    o.wss.handleUpgrade(req, socket, head, onSocket);
  };
  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
  };
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** Answers a plain HTTP status on the raw socket and closes it, as `ws` does for a bad handshake. */
function refuse(socket: Duplex, status: number): void {
  // Node drops its own error listener before 'upgrade'; a reset while this is written must not throw.
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  const text = STATUS_CODES[status] ?? '';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}
