/**
 * Virtual devices of an emulated vendor: each device token belongs to one app and keeps an inbox of what it
 * received. A token the vendor no longer accepts (app uninstalled, token expired) stays known as unregistered.
 */

export type TokenStatus = 'ok' | 'unknown' | 'unregistered' | 'other-app';

interface Device<M> {
  appId: string;
  unregistered: boolean;
  inbox: M[];
}

export interface VirtualDevices<M> {
  register(token: string, appId: string): void;
  unregister(token: string): void;
  status(token: string, appId: string): TokenStatus;
  /** Delivers to `token`, creating the device for `appId` when it is unknown (acceptUnknownDevices). */
  deliver(token: string, appId: string, message: M | undefined): void;
  inbox(token: string): M[];
  clear(): void;
}

export function createVirtualDevices<M>(): VirtualDevices<M> {
  const devices = new Map<string, Device<M>>();
  return {
    register(token, appId) {
      const d = devices.get(token);
      if (d !== undefined) {
        d.appId = appId;
        d.unregistered = false;
      } else {
        devices.set(token, { appId, unregistered: false, inbox: [] });
      }
    },
    unregister(token) {
      const d = devices.get(token);
      if (d !== undefined) d.unregistered = true;
      else devices.set(token, { appId: '', unregistered: true, inbox: [] });
    },
    status(token, appId) {
      const d = devices.get(token);
      if (d === undefined) return 'unknown';
      if (d.unregistered) return 'unregistered';
      return d.appId === appId ? 'ok' : 'other-app';
    },
    deliver(token, appId, message) {
      let d = devices.get(token);
      if (d === undefined) {
        d = { appId, unregistered: false, inbox: [] };
        devices.set(token, d);
      }
      if (message !== undefined) d.inbox.push(message);
    },
    inbox(token) {
      return devices.get(token)?.inbox.slice() ?? [];
    },
    clear() {
      devices.clear();
    },
  };
}
