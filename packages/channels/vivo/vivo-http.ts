/**
 * One JSON POST to vivo with a deadline. vivo answers HTTP 200 with `{"result":…}` for business outcomes and a
 * plain-text 500 ("Internet server error!") when it fails; both come back as data, only transport failures throw.
 */
export interface VivoHttpResponse {
  status: number;
  /** The parsed JSON body, or undefined when it was not JSON. */
  json: Record<string, unknown> | undefined;
  retryAfter: string | null;
}

export type FetchLike = typeof fetch;

export async function postVivoJson(
  fetchFn: FetchLike,
  url: string,
  body: unknown,
  o: { authToken?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<VivoHttpResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json;charset=utf-8' };
  if (o.authToken !== undefined) headers['authToken'] = o.authToken;
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const res = await fetchFn(url, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: o.signal === undefined ? timeout : AbortSignal.any([timeout, o.signal]),
  });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, retryAfter: res.headers.get('retry-after') };
}

/** vivo's `result`, or undefined when the body carries none. */
export function vivoResultOf(json: Record<string, unknown> | undefined): number | undefined {
  const r = json?.['result'];
  if (typeof r === 'number' && Number.isInteger(r)) return r;
  if (typeof r === 'string' && /^-?\d+$/.test(r)) return Number(r);
  return undefined;
}

/** "TimeoutError" or "NetworkError:<code>", for retry reasons and logs. */
export function transportReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'Timeout';
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  const code = cause !== null && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  return code === undefined ? 'NetworkError' : `NetworkError:${code}`;
}
