/**
 * One OPPO Push HTTP exchange: a form-encoded POST (`application/x-www-form-urlencoded`, UTF-8, ✅ OPPO
 * 单点推送 page) answered with `{code, message, data}`. Never throws: transport failures come back as status 0.
 */
export interface OppoResponseBody {
  code?: number;
  message?: string;
  data?: unknown;
}

export interface OppoReply {
  /** HTTP status; 0 when no response came. */
  status: number;
  retryAfter: string | null;
  body: OppoResponseBody | undefined;
  transportError?: string;
}

export type FetchLike = typeof fetch;

function errorCode(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : e instanceof Error ? e.name : 'Unknown';
}

export async function oppoPost(fetchFn: FetchLike, url: string, form: Record<string, string>, timeoutMs: number): Promise<OppoReply> {
  let res: Response;
  let text: string;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    return { status: 0, retryAfter: null, body: undefined, transportError: timedOut ? 'Timeout' : `NetworkError:${errorCode(e)}` };
  }
  let body: OppoResponseBody | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as OppoResponseBody;
  } catch {
    body = undefined;
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
}
