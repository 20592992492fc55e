import { useState } from 'react';
import type { AppView, ProductView } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { paginate } from '../components/paginate.ts';
import { Pagination } from '../components/Pagination.tsx';
import { PLATFORM_LABEL } from '../components/platform-labels.ts';
import { useResource } from '../components/use-resource.ts';

export const CREDENTIAL_APPS_PAGE_SIZE = 15;

const WHAT: Record<AppView['platform'], string> = { ios: 'APNs .p8 / .p12', android: 'FCM, Huawei, Honor, Xiaomi, OPPO, vivo, Meizu', web: 'Web Push VAPID key' };

/** Every app of every product, to pick the one whose push credentials to see or change. */
export function CredentialsPage() {
  const services = useServices();
  const [page, setPage] = useState(1);
  const [products, { reload }] = useResource(() => services.products.list(), [services]);

  return (
    <>
      <PageHeading title="Credentials">Credentials</PageHeading>
      <p className="page-intro">Each app pushes through its platform’s vendors with its own credentials. Pick an app.</p>
      {products.status === 'loading' ? <Loading label="Loading apps…" /> : null}
      {products.status === 'error' ? <ErrorNotice error={products.error} title="The apps could not be loaded." onRetry={reload} /> : null}
      {products.status === 'ready' ? <AppTable products={products.data} page={page} onPage={setPage} /> : null}
    </>
  );
}

function AppTable({ products, page, onPage }: { products: ProductView[]; page: number; onPage: (page: number) => void }) {
  const apps = products.flatMap((p) => p.apps.map((app) => ({ app, product: p })));
  if (apps.length === 0) {
    return (
      <p className="empty">
        No apps yet. <Link to="/products">Create a product</Link> with an iOS, Android or web app first.
      </p>
    );
  }
  const shown = paginate(apps, page, CREDENTIAL_APPS_PAGE_SIZE);
  return (
    <>
      <div className="table-scroll" role="region" aria-label="Apps" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Product</th>
              <th scope="col">Bundle ID / package</th>
              <th scope="col">Channels</th>
            </tr>
          </thead>
          <tbody>
            {shown.items.map(({ app, product }) => (
              <tr key={app.accessId}>
                <td>
                  <Link to={`/credentials/${app.accessId}`}>
                    {PLATFORM_LABEL[app.platform]} app {app.accessId}
                  </Link>
                </td>
                <td>{product.name}</td>
                <td><code>{app.bundleId}</code></td>
                <td className="muted">{WHAT[app.platform]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={shown.page} pageCount={shown.pageCount} total={shown.total} onPage={onPage} label="Apps" />
    </>
  );
}
