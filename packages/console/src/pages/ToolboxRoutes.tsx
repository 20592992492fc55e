/** The Toolbox section's pages by path (routed from app/AppRoutes.tsx); undefined for a path that is not one of them. */
import type { ReactElement } from 'react';
import { safeMatch } from './ImRoutes.tsx';
import { ToolboxPage } from './ToolboxPage.tsx';

const ID = /^\d{1,15}$/;
const TOKEN = /^[0-9a-f]{36}$/;
const USER_ID = /^[\x20-\x7e]{1,32}$/;

export function toolboxRoute(path: string): ReactElement | undefined {
  if (path === '/toolbox') return <ToolboxPage />;
  const token = safeMatch('/toolbox/token/:accessId/:token', path);
  if (token !== undefined && ID.test(token['accessId'] ?? '') && TOKEN.test(token['token'] ?? '')) {
    return <ToolboxPage lookup={{ kind: 'token', accessId: Number(token['accessId']), token: token['token'] as string }} />;
  }
  const account = safeMatch('/toolbox/account/:accessId/:account', path);
  if (account !== undefined && ID.test(account['accessId'] ?? '') && (account['account'] ?? '') !== '') {
    return <ToolboxPage lookup={{ kind: 'account', accessId: Number(account['accessId']), account: account['account'] as string }} />;
  }
  const check = safeMatch('/toolbox/self-check/:sdkAppId/:userId', path);
  if (check !== undefined && /^\d{1,10}$/.test(check['sdkAppId'] ?? '') && USER_ID.test(check['userId'] ?? '')) {
    return <ToolboxPage lookup={{ kind: 'self-check', sdkAppId: Number(check['sdkAppId']), userId: check['userId'] as string }} />;
  }
  return undefined;
}
