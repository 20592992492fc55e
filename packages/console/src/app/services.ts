/**
 * The API objects the pages use, made once per app (tests make their own around a stubbed fetch). A lost session
 * (a 401 on an ordinary call) is broadcast to whoever listens: the app, which then shows the sign-in page.
 */
import { consoleApi } from '../api/console-api.ts';
import { createApiClient } from '../api/http-client.ts';
import { productsApi } from '../api/products-api.ts';
import { imApi } from '../api/im-api.ts';
import { sandboxApi } from '../api/sandbox-api.ts';
import { toolboxApi } from '../api/toolbox-api.ts';

export function createServices(o: { fetch?: typeof fetch } = {}) {
  const sessionLost = new Set<() => void>();
  const client = createApiClient({
    ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
    onUnauthorized: () => {
      for (const listener of sessionLost) listener();
    },
  });
  return {
    client,
    console: consoleApi(client),
    products: productsApi(client),
    im: imApi(client),
    toolbox: toolboxApi(client),
    sandbox: sandboxApi(client),
    onSessionLost(listener: () => void): () => void {
      sessionLost.add(listener);
      return () => sessionLost.delete(listener);
    },
  };
}

export type Services = ReturnType<typeof createServices>;
