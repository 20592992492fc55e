/**
 * The push client a service worker uses, built from the stored worker record. Its storage is that record:
 * when a re-registration hands out a new device secret (the server re-keyed the device), the record is
 * updated, so the next event authenticates with the new one.
 */
import { createPushClient, type PushClient, type PushStorage } from '../push/index.ts';
import { clearWebPushWorkerConfig, writeWebPushWorkerConfig, type WebPushWorkerConfig } from './web-push-worker-store.ts';

export function workerPushClient(config: WebPushWorkerConfig, fetchImpl?: typeof fetch): PushClient {
  let current = config;
  const storage: PushStorage = {
    get: () => JSON.stringify({ token: current.token, deviceSecret: current.deviceSecret }),
    async set(_key, value) {
      const next = JSON.parse(value) as { token: string; deviceSecret: string };
      current = { ...current, token: next.token, deviceSecret: next.deviceSecret };
      await writeWebPushWorkerConfig(current);
    },
    remove: () => clearWebPushWorkerConfig(),
  };
  return createPushClient({ endpoint: config.endpoint, accessId: config.accessId, accessKey: config.accessKey, storage, ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }) });
}
