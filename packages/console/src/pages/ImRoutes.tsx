/** The IM apps section's pages by path (routed from app/AppRoutes.tsx); undefined for a path that is not one of them. */
import type { ReactElement } from 'react';
import { matchPath } from '../app/router.tsx';
import { ImAppCreatePage } from './ImAppCreatePage.tsx';
import { ImAppDetailPage } from './ImAppDetailPage.tsx';
import { ImAppsPage } from './ImAppsPage.tsx';
import { ImUserPage } from './ImUserPage.tsx';
import { ReadOnlyPage } from './ReadOnlyPage.tsx';

const SDK_APP_ID = /^\d{1,10}$/;
const USER_ID = /^[\x20-\x7e]{1,32}$/;

export function imRoute(path: string, canChange: boolean): ReactElement | undefined {
  if (path === '/im-apps') return <ImAppsPage />;
  if (path === '/im-apps/new') return canChange ? <ImAppCreatePage /> : <ReadOnlyPage />;
  const app = matchPath('/im-apps/:sdkAppId', path);
  if (app !== undefined && SDK_APP_ID.test(app['sdkAppId'] ?? '')) {
    const sdkAppId = Number(app['sdkAppId']);
    return <ImAppDetailPage key={sdkAppId} sdkAppId={sdkAppId} />;
  }
  const user = safeMatch('/im-apps/:sdkAppId/users/:userId', path);
  if (user !== undefined && SDK_APP_ID.test(user['sdkAppId'] ?? '') && USER_ID.test(user['userId'] ?? '')) {
    const sdkAppId = Number(user['sdkAppId']);
    const userId = user['userId'] as string;
    return <ImUserPage key={`${sdkAppId}/${userId}`} sdkAppId={sdkAppId} userId={userId} />;
  }
  return undefined;
}

/** matchPath, with a malformed %-escape in the address being "no match" rather than a crash. */
export function safeMatch(pattern: string, path: string): Record<string, string> | undefined {
  try {
    return matchPath(pattern, path);
  } catch {
    return undefined;
  }
}
