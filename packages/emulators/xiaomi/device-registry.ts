import type { XiaomiReceivedMessage } from './types.ts';

export interface XiaomiDevice {
  packageName: string;
  unregistered: boolean;
  inbox: XiaomiReceivedMessage[];
}

/** Virtual devices by regId. */
export class XiaomiDeviceRegistry {
  readonly #devices = new Map<string, XiaomiDevice>();

  register(regId: string, packageName: string): void {
    const d = this.#devices.get(regId);
    if (d === undefined) this.#devices.set(regId, { packageName, unregistered: false, inbox: [] });
    else {
      d.packageName = packageName;
      d.unregistered = false;
    }
  }

  unregister(regId: string): void {
    const d = this.#devices.get(regId);
    if (d === undefined) this.#devices.set(regId, { packageName: '', unregistered: true, inbox: [] });
    else d.unregistered = true;
  }

  get(regId: string): XiaomiDevice | undefined {
    return this.#devices.get(regId);
  }

  /** The device for a regId the emulator accepts without registration. */
  adopt(regId: string, packageName: string): XiaomiDevice {
    let d = this.#devices.get(regId);
    if (d === undefined) {
      d = { packageName, unregistered: false, inbox: [] };
      this.#devices.set(regId, d);
    }
    return d;
  }

  clear(): void {
    this.#devices.clear();
  }
}
