import { useEffect } from 'react';
import { NotBuiltPage } from '../pages/NotBuiltPage.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { ProductCreatePage } from '../pages/ProductCreatePage.tsx';
import { ProductDetailPage } from '../pages/ProductDetailPage.tsx';
import { ProductsPage } from '../pages/ProductsPage.tsx';
import { ReadOnlyPage } from '../pages/ReadOnlyPage.tsx';
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
  const section = sectionOf(path);
  if (section !== undefined && !section.built && path === section.path) return <NotBuiltPage section={section} />;
  return <NotFoundPage path={path} />;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
