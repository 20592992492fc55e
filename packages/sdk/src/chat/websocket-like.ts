/**
 * The part of the WebSocket API the chat client uses: the browser's `WebSocket` and the `ws` package both fit.
 * Handler parameters are typed `never` so that either implementation's own event types are accepted; the
 * client annotates what it reads.
 */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export const WS_OPEN = 1;
