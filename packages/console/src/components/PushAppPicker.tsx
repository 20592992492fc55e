import type { ProductView } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { useServices } from '../app/services-context.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Loading } from './Loading.tsx';
import { PLATFORM_LABEL } from './platform-labels.ts';
import { useResource } from './use-resource.ts';

/** Every product's apps as links to `<basePath>/<AccessID>`: the push and overview pages work on one app at a time. */
export function PushAppPicker({ basePath, label }: { basePath: string; label: string }) {
  const services = useServices();
  const [products, { reload }] = useResource(() => services.products.list(), [services]);
  if (products.status === 'loading') return <Loading label="Loading apps…" />;
  if (products.status === 'error') return <ErrorNotice error={products.error} title="The apps could not be loaded." onRetry={reload} />;
  const withApps = products.data.filter((p: ProductView) => p.apps.length > 0);
  if (withApps.length === 0) {
    return (
      <p className="empty">
        No apps yet. <Link to="/products">Create a product</Link> with an app first.
      </p>
    );
  }
  return (
    <nav aria-label={label}>
      <ul className="push-app-list">
        {withApps.map((p) => (
          <li key={p.productId}>
            <span className="push-app-product">{p.name}</span>
            <ul className="plain-list">
              {p.apps.map((a) => (
                <li key={a.accessId}>
                  <Link to={`${basePath}/${a.accessId}`}>
                    {PLATFORM_LABEL[a.platform]} · {a.bundleId}
                  </Link>{' '}
                  <span className="muted">AccessID {a.accessId}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </nav>
  );
}
