/**
 * What a vivo account holds: apps with their keys and daily quotas, issued authTokens, devices with their
 * inboxes, saved list payloads, and the per-day counters vivo's limits are checked against.
 */
import type { CheckedVivoMessage } from './vivo-message-check.ts';
import type { VivoAppRegistration, VivoReceivedNotification } from './types.ts';

export interface VivoApp {
  reg: VivoAppRegistration;
  /** Counters of the Beijing day in `day`. */
  day: string;
  operationSent: number;
  systemSent: number;
  listPayloads: number;
  /** Auth calls in the current one-second window. */
  authWindowStart: number;
  authCalls: number;
  /** saveListPayload bodies by taskId. */
  payloads: Map<string, { message: CheckedVivoMessage; body: Record<string, unknown> }>;
}

export interface VivoDevice {
  appId: string | undefined;
  testDevice: boolean;
  /** 2 uninstalled or notifications off, 3 inactive; undefined while alive. */
  deadStatus: 2 | 3 | undefined;
  inbox: VivoReceivedNotification[];
  /** Operation messages received on `capDay`. */
  capDay: string;
  operationReceived: number;
}

export interface VivoIssuedToken {
  appId: string;
  expiresAt: number;
}

export function newVivoApp(reg: VivoAppRegistration): VivoApp {
  return { reg, day: '', operationSent: 0, systemSent: 0, listPayloads: 0, authWindowStart: 0, authCalls: 0, payloads: new Map() };
}

/** Starts a new set of daily counters when the Beijing day has changed. */
export function rollVivoDay(app: VivoApp, day: string): void {
  if (app.day === day) return;
  app.day = day;
  app.operationSent = 0;
  app.systemSent = 0;
  app.listPayloads = 0;
}
