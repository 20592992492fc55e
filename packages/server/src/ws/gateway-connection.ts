/**
 * One socket of the gateway. Behaviour lives on the prototype and the rate-limit buckets are plain numbers, so
 * an idle connection costs one small object rather than a set of closures (docs/performance.md, B2 memory).
 */
import WebSocket from 'ws';
import { eventFrame } from '../bus/event-frame.ts';
import type { WriteCoalescer } from './write-coalescer.ts';
import { CloseCode, type ChatConnection, type ChatSession } from './types.ts';

/** What the connections of one gateway share. */
export interface ConnectionHub {
  readonly nodeId: string;
  /** Unsent bytes a socket may queue before it is closed as too slow. */
  readonly maxBufferedBytes: number;
  /** Makes each socket's writes of one event-loop turn one write. */
  readonly writes: WriteCoalescer;
  /** Called once when the connection ends, whoever ended it. */
  finished(connection: GatewayConnection): void;
}

export class GatewayConnection implements ChatConnection {
  session: ChatSession | undefined = undefined;
  closed = false;
  /** Event frames queued by `holdEvents` until released. */
  held: string[] | undefined = undefined;
  /** Monotonic ms of the last frame received. */
  lastFrameAt: number;
  /** Token-bucket states (see token-bucket.ts): when the frame and bad-frame buckets are full again; both start full. */
  frameBucket: number;
  badFrameBucket: number;

  readonly socket: WebSocket;
  private readonly hub: ConnectionHub;
  /** Numbers the connection within its gateway. */
  private readonly serial: number;

  constructor(hub: ConnectionHub, socket: WebSocket, serial: number, now: number) {
    this.hub = hub;
    this.socket = socket;
    this.serial = serial;
    this.lastFrameAt = now;
    this.frameBucket = now;
    this.badFrameBucket = now;
  }

  /** Built on demand: it is read only for kicks, and a stored string would cost every idle connection. */
  get id(): string {
    return `${this.hub.nodeId}:${this.serial}`;
  }

  send(text: string): void {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.hub.maxBufferedBytes) {
      this.close(CloseCode.policy, 'too slow');
      return;
    }
    this.hub.writes.join(this.socket);
    this.socket.send(text);
  }

  sendEvent(event: string, data: unknown): void {
    this.sendFrames([eventFrame(event, data)]);
  }

  sendFrames(frames: readonly string[]): void {
    if (this.held !== undefined) {
      this.held.push(...frames);
      return;
    }
    for (const frame of frames) this.send(frame);
  }

  holdEvents(): { sendNow(event: string, data: unknown): void; release(keep?: (event: string, data: unknown) => boolean): void } {
    this.held ??= [];
    return {
      sendNow: (event, data) => this.send(eventFrame(event, data)),
      release: (keep) => {
        const queued = this.held ?? [];
        this.held = undefined;
        // Parsed back only to be filtered: holding is rare (a login's sync), every delivery is not.
        const kept = keep === undefined ? queued : queued.filter((frame) => {
          const { event, data } = JSON.parse(frame) as { event: string; data: unknown };
          return keep(event, data);
        });
        this.sendFrames(kept);
      },
    };
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
    this.hub.finished(this);
  }

  /** The socket closed on its own (the peer, or `ws` on a protocol error). */
  socketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.finished(this);
  }
}
