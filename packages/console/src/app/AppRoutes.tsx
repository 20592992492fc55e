import { useEffect } from 'react';
import { AuthorizationPage } from '../pages/AuthorizationPage.tsx';
import { CredentialsAppPage } from '../pages/CredentialsAppPage.tsx';
import { CredentialsPage } from '../pages/CredentialsPage.tsx';
import { imRoute } from '../pages/ImRoutes.tsx';
import { NotBuiltPage } from '../pages/NotBuiltPage.tsx';
import { OverviewAppPage } from '../pages/OverviewAppPage.tsx';
import { OverviewPage } from '../pages/OverviewPage.tsx';
import { PushAppPage } from '../pages/PushAppPage.tsx';
import { PushCreatePage } from '../pages/PushCreatePage.tsx';
import { PushPage } from '../pages/PushPage.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { ProductCreatePage } from '../pages/ProductCreatePage.tsx';
import { ProductDetailPage } from '../pages/ProductDetailPage.tsx';
import { ProductsPage } from '../pages/ProductsPage.tsx';
import { ReadOnlyPage } from '../pages/ReadOnlyPage.tsx';
import { SandboxPage } from '../pages/SandboxPage.tsx';
import { toolboxRoute } from '../pages/ToolboxRoutes.tsx';
import { matchPath, navigate } from './router.tsx';
import { HOME_PATH, sectionOf } from './sections.ts';
import { useCanChange } from './services-context.tsx';

/** The page for a path inside the app. */
export function AppRoutes({ path }: { path: string }) {
  const canChange = useCanChange();
  // `/setup` and `/sign-in` are where start-up output and bookmarks point; signed in, both mean "the console".
  if (path === '/' || path === '/setup' || path === '/sign-in') return <Redirect to={HOME_PATH} />;
  if (path === '/products') return <ProductsPage />;
  if (path === '/products/new') return canChange ? <ProductCreatePage /> : <ReadOnlyPage />;
  const product = matchPath('/products/:productId', path);
  if (product !== undefined && /^\d{1,15}$/.test(product['productId'] ?? '')) {
    const productId = Number(product['productId']);
    return <ProductDetailPage key={productId} productId={productId} />;
  }
  if (path === '/credentials') return <CredentialsPage />;
  const credentials = matchPath('/credentials/:accessId', path);
  if (credentials !== undefined && /^\d{1,15}$/.test(credentials['accessId'] ?? '')) {
    const accessId = Number(credentials['accessId']);
    return <CredentialsAppPage key={accessId} accessId={accessId} />;
  }
  if (path === '/authorization') return <AuthorizationPage />;
  const authorization = matchPath('/authorization/:sdkAppId', path);
  if (authorization !== undefined && /^\d{1,15}$/.test(authorization['sdkAppId'] ?? '')) return <AuthorizationPage sdkAppId={Number(authorization['sdkAppId'])} />;
  const imPage = imRoute(path, canChange) ?? toolboxRoute(path);
  if (imPage !== undefined) return imPage;
  if (path === '/push') return <PushPage />;
  const pushApp = matchPath('/push/:accessId', path) ?? matchPath('/push/:accessId/new', path);
  if (pushApp !== undefined && /^\d{1,15}$/.test(pushApp['accessId'] ?? '')) {
    const accessId = Number(pushApp['accessId']);
    if (path.endsWith('/new')) return canChange ? <PushCreatePage key={accessId} accessId={accessId} /> : <ReadOnlyPage />;
    return <PushAppPage key={accessId} accessId={accessId} />;
  }
  if (path === '/overview') return <OverviewPage />;
  const overviewApp = matchPath('/overview/:accessId', path);
  if (overviewApp !== undefined && /^\d{1,15}$/.test(overviewApp['accessId'] ?? '')) return <OverviewAppPage key={overviewApp['accessId']} accessId={Number(overviewApp['accessId'])} />;
  if (path === '/sandbox') return <SandboxPage />;
  const sandboxApp = matchPath('/sandbox/:accessId', path);
  if (sandboxApp !== undefined && /^\d{1,15}$/.test(sandboxApp['accessId'] ?? '')) return <SandboxPage accessId={Number(sandboxApp['accessId'])} />;
  const section = sectionOf(path);
  if (section !== undefined && !section.built && path === section.path) return <NotBuiltPage section={section} />;
  return <NotFoundPage path={path} />;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
