/**
 * fetch stubbed at the browser boundary for component tests: answers by `METHOD /path` (query left out), records
 * every call with its headers and parsed body, and answers a call no route expects with a 599 whose message names
 * it, so a test that hits an unplanned endpoint fails on what it shows (and `unexpected` lists it).
 */
export interface StubCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

export interface StubAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type StubRoute = StubAnswer | ((call: StubCall) => StubAnswer | Promise<StubAnswer>);

export interface FetchStub {
  fetch: typeof fetch;
  calls: StubCall[];
  unexpected: string[];
  /** Adds or replaces a route while the test runs. */
  on(route: string, answer: StubRoute): void;
  callsTo(route: string): StubCall[];
}

export function stubFetch(routes: Record<string, StubRoute> = {}): FetchStub {
  const table = new Map(Object.entries(routes));
  const calls: StubCall[] = [];
  const unexpected: string[] = [];
  const fetchStub = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://console.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const call: StubCall = { method, path: url.pathname, query: url.searchParams, headers: new Headers(init.headers), body, credentials: init.credentials };
    calls.push(call);
    const key = `${method} ${url.pathname}`;
    const route = table.get(key);
    if (route === undefined) {
      unexpected.push(key);
      return json({ status: 599, body: { code: 'STUB_NO_ROUTE', message: `no stubbed answer for ${key}` } });
    }
    return json(typeof route === 'function' ? await route(call) : route);
  };
  return {
    fetch: fetchStub as typeof fetch,
    calls,
    unexpected,
    on(route, answer) {
      table.set(route, answer);
    },
    callsTo(route) {
      const [method, path] = route.split(' ');
      return calls.filter((c) => c.method === method && c.path === path);
    },
  };
}

function json(answer: StubAnswer): Response {
  const status = answer.status ?? 200;
  const text = answer.body === undefined ? null : JSON.stringify(answer.body);
  return new Response(status === 204 ? null : text, { status, headers: { 'content-type': 'application/json', ...answer.headers } });
}

/** A Herald error body as the server sends it. */
export function heraldError(status: number, code: string, message: string, details?: Record<string, unknown>): StubAnswer {
  return { status, body: { code, message, statusCode: status, requestId: 'req-test', ...(details === undefined ? {} : { details }) } };
}
