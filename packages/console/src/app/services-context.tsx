import { createContext, useContext } from 'react';
import type { Role, Session } from '../api/types.ts';
import type { Services } from './services.ts';

export const ServicesContext = createContext<Services | undefined>(undefined);
export const SessionContext = createContext<Session | undefined>(undefined);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (services === undefined) throw new Error('useServices outside ServicesContext');
  return services;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside a signed-in page');
  return session;
}

/** Whether the signed-in account may change things (viewers only read; the server refuses them with 403). */
export function useCanChange(): boolean {
  return canChange(useSession().role);
}

export function canChange(role: Role): boolean {
  return role === 'admin';
}
