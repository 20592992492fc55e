/** Renders a page inside the contexts the app gives it, with the API on a stubbed fetch. */
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { Session } from '../api/types.ts';
import { createServices, type Services } from '../app/services.ts';
import { ServicesContext, SessionContext } from '../app/services-context.tsx';
import type { FetchStub } from './fetch-stub.ts';

export const ADMIN: Session = { username: 'root', role: 'admin', csrfToken: 'csrf-admin' };
export const VIEWER: Session = { username: 'watcher', role: 'viewer', csrfToken: 'csrf-viewer' };

export function renderWith(ui: ReactElement, o: { stub: FetchStub; session?: Session }): { services: Services } & ReturnType<typeof render> {
  const services = createServices({ fetch: o.stub.fetch });
  if (o.session !== undefined) services.client.setCsrfToken(o.session.csrfToken);
  const wrapped = (
    <ServicesContext.Provider value={services}>
      {o.session === undefined ? ui : <SessionContext.Provider value={o.session}>{ui}</SessionContext.Provider>}
    </ServicesContext.Provider>
  );
  return { services, ...render(wrapped) };
}

export const IOS_APP = { accessId: 1500000000, productId: 1, platform: 'ios', bundleId: 'com.shop.ios', serviceMode: 'standard', imSdkAppId: null, createdAt: 1718000000000, updatedAt: 1718000000000 } as const;
export const ANDROID_APP = { ...IOS_APP, accessId: 1500000001, platform: 'android', bundleId: 'com.shop.android' } as const;

export function product(productId: number, name: string, apps: readonly object[] = [IOS_APP, ANDROID_APP]) {
  return { productId, name, description: '', category: '', accessPoint: 'guangzhou', createdAt: 1718000000000, updatedAt: 1718000000000, apps };
}
