/**
 * One Mi Push HTTP exchange over fetch (keep-alive). Never throws: transport failures come back as status 0 with
 * the reason, so the caller turns every outcome into values.
 */
export interface XiaomiResponseBody {
  result?: string;
  code?: number;
  reason?: string;
  description?: string;
  info?: string;
  trace_id?: string;
  data?: unknown;
}

export interface XiaomiReply {
  /** HTTP status; 0 when no response came (timeout, connection refused…). */
  status: number;
  retryAfter: string | null;
  body: XiaomiResponseBody | undefined;
  /** `Timeout` or `NetworkError:<code>` when status is 0. */
  transportError?: string;
}

export type FetchLike = typeof fetch;

function errorCode(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : e instanceof Error ? e.name : 'Unknown';
}

export async function xiaomiExchange(
  fetchFn: FetchLike,
  url: string,
  init: { method: 'GET' | 'POST'; appSecret: string; body?: string; timeoutMs: number },
): Promise<XiaomiReply> {
  const headers: Record<string, string> = { authorization: `key=${init.appSecret}` };
  if (init.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
  let res: Response;
  let text: string;
  try {
    const request: RequestInit = { method: init.method, headers, signal: AbortSignal.timeout(init.timeoutMs) };
    if (init.body !== undefined) request.body = init.body;
    res = await fetchFn(url, request);
    text = await res.text();
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    return { status: 0, retryAfter: null, body: undefined, transportError: timedOut ? 'Timeout' : `NetworkError:${errorCode(e)}` };
  }
  let body: XiaomiResponseBody | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as XiaomiResponseBody;
  } catch {
    body = undefined;
  }
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
}
