/**
 * Frames written to one socket within one turn of the event loop leave in one write. The first write of a turn
 * corks the socket's TCP stream; a setImmediate uncorks every socket corked meanwhile. A chat send writes the
 * sender's acknowledgement and then, from the bus, its conversationChanged, and the recipient's message,
 * conversationChanged and unread total: each socket then gets one system call (and one loopback segment) instead
 * of one per frame. Nothing waits beyond the current turn.
 */
import type { Socket } from 'node:net';
import type WebSocket from 'ws';

type Corkable = Pick<Socket, 'cork' | 'uncork'>;

export interface WriteCoalescer {
  /** Call before writing to the socket: the write joins this turn's. */
  join(socket: WebSocket): void;
}

/**
 * The TCP stream under a `ws` socket. `ws` corks it around each frame it writes; nested corks only count, so
 * the outer one holds the frames together. Absent for a socket `ws` did not open over a stream.
 */
function streamOf(socket: WebSocket): Corkable | undefined {
  const stream = (socket as unknown as { _socket?: Partial<Socket> })._socket;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function' ? (stream as Socket) : undefined;
}

export function createWriteCoalescer(): WriteCoalescer {
  const corked = new Set<Corkable>();
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    for (const stream of corked) stream.uncork();
    corked.clear();
  };
  return {
    join(socket) {
      const stream = streamOf(socket);
      if (stream === undefined || corked.has(stream)) return;
      stream.cork();
      corked.add(stream);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}
