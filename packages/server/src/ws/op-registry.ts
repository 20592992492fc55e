/**
 * The ops the gateway answers. Features register theirs here (through `ws/ops/index.ts`) and never touch the
 * gateway: an op gets the request's `data` and its context, returns the response data or throws a HeraldError.
 */
import type { RealtimeDelivery, ServerContext } from '../context.ts';
import type { SessionManager } from './session-manager.ts';
import type { ChatConnection, ChatSession } from './types.ts';

/** What the gateway offers to ops: its sessions and delivery to connected devices. */
export interface GatewayApi extends RealtimeDelivery {
  readonly nodeId: string;
  readonly heartbeatSeconds: number;
  readonly sessions: SessionManager;
}

export interface OpContext {
  ctx: ServerContext;
  gateway: GatewayApi;
  connection: ChatConnection;
  session: ChatSession | undefined;
}

export interface LoggedInOpContext extends OpContext {
  session: ChatSession;
}

export type OpData = Record<string, unknown>;
export type OpHandler<C extends OpContext = OpContext> = (data: OpData, op: C) => Promise<unknown> | unknown;

export interface OpEntry {
  handler: OpHandler;
  requiresLogin: boolean;
}

export interface OpRegistry {
  registerOp(name: string, handler: OpHandler<LoggedInOpContext>, options: { requiresLogin: true }): void;
  registerOp(name: string, handler: OpHandler, options: { requiresLogin: false }): void;
  get(name: string): OpEntry | undefined;
  names(): string[];
}

/** A feature's ops: called once per gateway with the registry to add them to. */
export type OpModule = (registry: OpRegistry) => void;

export function createOpRegistry(): OpRegistry {
  const ops = new Map<string, OpEntry>();
  return {
    registerOp(name: string, handler: OpHandler<LoggedInOpContext> | OpHandler, options: { requiresLogin: boolean }) {
      if (ops.has(name)) throw new Error(`op ${name} is registered twice`);
      // The gateway only calls a requiresLogin handler with a session, which makes the narrower type sound.
      ops.set(name, { handler: handler as OpHandler, requiresLogin: options.requiresLogin });
    },
    get: (name) => ops.get(name),
    names: () => [...ops.keys()],
  };
}
