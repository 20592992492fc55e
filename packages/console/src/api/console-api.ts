/** Sign-in and first-admin setup (`/console/api`, see docs/console.md). */
import { ApiError } from './api-error.ts';
import type { ApiClient } from './http-client.ts';
import type { Role, Session } from './types.ts';

export interface SetupInput {
  setupToken: string;
  username: string;
  password: string;
}

export function consoleApi(client: ApiClient) {
  return {
    setupNeeded: async (): Promise<boolean> => (await client.request<{ needed: boolean }>('GET', '/console/api/setup')).needed,
    setup: (input: SetupInput) => client.request<{ username: string; role: Role }>('POST', '/console/api/setup', { body: input }),
    signIn: (username: string, password: string) =>
      client.request<Session>('POST', '/console/api/session', { body: { username, password }, unauthorizedIsAnswer: true }),
    /** The current session, or undefined when there is none. */
    currentSession: async (): Promise<Session | undefined> => {
      try {
        return await client.request<Session>('GET', '/console/api/session', { unauthorizedIsAnswer: true });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return undefined;
        throw err;
      }
    },
    signOut: () => client.request<void>('DELETE', '/console/api/session', { unauthorizedIsAnswer: true }),
  };
}

export type ConsoleApi = ReturnType<typeof consoleApi>;
