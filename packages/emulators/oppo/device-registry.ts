import type { OppoReceivedMessage } from './types.ts';

export interface OppoDevice {
  appKey: string;
  unregistered: boolean;
  inbox: OppoReceivedMessage[];
  /** `app_message_id`s already shown: OPPO pushes one such id to a target once. */
  appMessageIds: Set<string>;
}

/** Virtual devices by registration id. */
export class OppoDeviceRegistry {
  readonly #devices = new Map<string, OppoDevice>();

  register(registrationId: string, appKey: string): void {
    const d = this.#devices.get(registrationId);
    if (d === undefined) this.#devices.set(registrationId, { appKey, unregistered: false, inbox: [], appMessageIds: new Set() });
    else {
      d.appKey = appKey;
      d.unregistered = false;
    }
  }

  unregister(registrationId: string): void {
    const d = this.#devices.get(registrationId);
    if (d === undefined) this.#devices.set(registrationId, { appKey: '', unregistered: true, inbox: [], appMessageIds: new Set() });
    else d.unregistered = true;
  }

  get(registrationId: string): OppoDevice | undefined {
    return this.#devices.get(registrationId);
  }

  /** The device for a registration id the emulator accepts without registration. */
  adopt(registrationId: string, appKey: string): OppoDevice {
    let d = this.#devices.get(registrationId);
    if (d === undefined) {
      d = { appKey, unregistered: false, inbox: [], appMessageIds: new Set() };
      this.#devices.set(registrationId, d);
    }
    return d;
  }

  clear(): void {
    this.#devices.clear();
  }
}
