/**
 * The reference: a bare `ws` relay, as little as a chat relay can be. A socket registers a name
 * (`{"op":"register","user":"u1"}`, answered `{"op":"register","ok":true}`), then every `{"to":"u2","payload":…}`
 * it sends is parsed, and `{"from":"u1","payload":…}` is written to the socket registered as `u2`. No auth, no
 * storage, no acknowledgement to the sender, no heartbeat rules. Run as its own process by the harness; prints
 * `bare relay listening on ws://127.0.0.1:<port>/` when ready and stops on SIGTERM.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const host = process.env['BARE_RELAY_HOST'] ?? '127.0.0.1';
const port = Number(process.env['BARE_RELAY_PORT'] ?? 0);

const byUser = new Map<string, WebSocket>();
let unroutable = 0;

const server = new WebSocketServer({ host, port });

server.on('connection', (socket) => {
  let user: string | undefined;
  socket.on('message', (raw, isBinary) => {
    if (isBinary) return;
    let frame: { op?: unknown; user?: unknown; to?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(String(raw)) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame.to === 'string') {
      const target = byUser.get(frame.to);
      if (target === undefined) unroutable += 1;
      else target.send(JSON.stringify({ from: user, payload: frame.payload }));
      return;
    }
    if (frame.op === 'register' && typeof frame.user === 'string') {
      user = frame.user;
      byUser.set(user, socket);
      socket.send('{"op":"register","ok":true}');
    }
  });
  socket.on('close', () => {
    if (user !== undefined && byUser.get(user) === socket) byUser.delete(user);
  });
  socket.on('error', () => undefined);
});

server.on('listening', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  process.stdout.write(`bare relay listening on ws://${host}:${actual}/\n`);
});

process.on('SIGTERM', () => {
  for (const socket of server.clients) socket.terminate();
  server.close(() => {
    if (unroutable > 0) process.stderr.write(`bare relay: ${unroutable} frames had no registered recipient\n`);
    process.exit(0);
  });
});
