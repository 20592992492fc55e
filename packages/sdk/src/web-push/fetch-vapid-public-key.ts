/**
 * Asks Herald for the app's VAPID public key (`GET /sdk/v1/webpush/vapid-public-key`, docs/sdk-api.md), the
 * `applicationServerKey` a browser subscribes with. Used by the page before subscribing and by the service
 * worker when the browser rotates a subscription, so a key changed on the server is picked up by both.
 */
import { HeraldClientError } from '../herald-client-error.ts';

export interface VapidKeySource {
  endpoint: string;
  accessId: string;
  accessKey: string;
  fetch?: typeof fetch;
}

export async function fetchVapidPublicKey(source: VapidKeySource): Promise<string> {
  const fetchImpl = source.fetch ?? globalThis.fetch.bind(globalThis);
  const url = `${source.endpoint.replace(/\/+$/, '')}/sdk/v1/webpush/vapid-public-key`;
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { 'x-herald-access-id': source.accessId, 'x-herald-access-key': source.accessKey } });
  } catch (err) {
    throw new HeraldClientError('NETWORK', `Herald is unreachable: ${err instanceof Error ? err.message : String(err)}`, 0, { cause: err });
  }
  let body: { publicKey?: unknown; code?: unknown; message?: unknown; requestId?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // An answer that is not JSON: reported below by its status.
  }
  if (!response.ok) {
    throw new HeraldClientError(
      typeof body.code === 'string' ? body.code : 'HTTP_ERROR',
      typeof body.message === 'string' ? body.message : `HTTP ${response.status}`,
      response.status,
      typeof body.requestId === 'string' ? { requestId: body.requestId } : {},
    );
  }
  if (typeof body.publicKey !== 'string' || body.publicKey === '') throw new HeraldClientError('INTERNAL', 'The server returned no VAPID public key', response.status);
  return body.publicKey;
}
