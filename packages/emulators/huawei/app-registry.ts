/** Apps known to an emulated vendor, found by their OAuth client ID or their App ID. */

export interface EmulatedApp {
  appId: string;
  clientId: string;
  clientSecret: string;
}

export interface AppRegistry {
  register(app: EmulatedApp): void;
  byClientId(clientId: string): EmulatedApp | undefined;
  byAppId(appId: string): EmulatedApp | undefined;
}

export function createAppRegistry(): AppRegistry {
  const byClient = new Map<string, EmulatedApp>();
  const byApp = new Map<string, EmulatedApp>();
  return {
    register(app) {
      const previous = byApp.get(app.appId);
      if (previous !== undefined) byClient.delete(previous.clientId);
      const copy = { ...app };
      byClient.set(copy.clientId, copy);
      byApp.set(copy.appId, copy);
    },
    byClientId: (clientId) => byClient.get(clientId),
    byAppId: (appId) => byApp.get(appId),
  };
}
