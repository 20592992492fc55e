/**
 * One call to Meizu with a deadline: a form POST (`application/x-www-form-urlencoded;charset=UTF-8`) or a GET
 * with the parameters in the query. Meizu answers HTTP 200 with `{"code":"…","message":"…","value":…}`; the
 * body comes back as data, only transport failures throw.
 */
export interface MeizuHttpResponse {
  status: number;
  json: Record<string, unknown> | undefined;
  retryAfter: string | null;
}

export type FetchLike = typeof fetch;

export async function callMeizu(
  fetchFn: FetchLike,
  url: string,
  params: Readonly<Record<string, string>>,
  o: { method: 'POST' | 'GET'; timeoutMs: number; signal?: AbortSignal },
): Promise<MeizuHttpResponse> {
  const form = new URLSearchParams(params).toString();
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal === undefined ? timeout : AbortSignal.any([timeout, o.signal]);
  const res =
    o.method === 'POST'
      ? await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, body: form, signal })
      : await fetchFn(`${url}?${form}`, { method: 'GET', signal });
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

/** Meizu's `code` as a string (it is documented as one; numbers are accepted too). */
export function meizuCodeOf(json: Record<string, unknown> | undefined): string | undefined {
  const c = json?.['code'];
  if (typeof c === 'string' && c !== '') return c;
  if (typeof c === 'number' && Number.isInteger(c)) return String(c);
  return undefined;
}

export function transportReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'Timeout';
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  const code = cause !== null && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  return code === undefined ? 'NetworkError' : `NetworkError:${code}`;
}
