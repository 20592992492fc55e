/**
 * UnifiedPush discovery (UnifiedPush SERV_1.2.0): a GET on a push endpoint answers
 * `{"unifiedpush":{"version":1}}`, and application servers "SHOULD check this when registering push to avoid
 * SSRF". Herald can call this when a device registers an endpoint that is not a known browser push service.
 */
import { parseWebPushEndpoint, type ParseWebPushSubscriptionOptions } from './webpush-subscription.ts';
import { createWebPushTransport, type WebPushTransport } from './webpush-transport.ts';

export interface UnifiedPushProbeOptions extends ParseWebPushSubscriptionOptions {
  transport?: WebPushTransport;
  ca?: string | string[];
  timeoutMs?: number;
}

/** The UnifiedPush version the endpoint announces, or undefined when it is not a UnifiedPush endpoint. */
export async function probeUnifiedPushEndpoint(endpoint: string, o: UnifiedPushProbeOptions = {}): Promise<number | undefined> {
  const url = parseWebPushEndpoint(endpoint, o);
  const transport = o.transport ?? createWebPushTransport(o.ca !== undefined ? { ca: o.ca } : {});
  try {
    const res = await transport.request(url, 'GET', { accept: 'application/json' }, undefined, o.timeoutMs ?? 5000);
    if (res.status !== 200 || res.body === undefined) return undefined;
    const parsed = JSON.parse(res.body) as { unifiedpush?: { version?: unknown } };
    const version = parsed.unifiedpush?.version;
    return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : undefined;
  } catch {
    return undefined;
  } finally {
    if (o.transport === undefined) transport.close();
  }
}
