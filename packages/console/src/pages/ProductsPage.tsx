import { useState } from 'react';
import type { ProductView } from '../api/types.ts';
import { currentFlash, Link } from '../app/router.tsx';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { paginate } from '../components/paginate.ts';
import { Pagination } from '../components/Pagination.tsx';
import { formatTime, PLATFORM_LABEL } from '../components/platform-labels.ts';
import { useResource } from '../components/use-resource.ts';

export const PRODUCTS_PAGE_SIZE = 10;

/** Every product with its apps. The management API answers the whole list; it is paged here. */
export function ProductsPage() {
  const services = useServices();
  const canChange = useCanChange();
  const [flash] = useState(currentFlash);
  const [page, setPage] = useState(1);
  const [products, { reload }] = useResource(() => services.products.list(), [services]);

  return (
    <>
      <div className="page-head">
        <PageHeading title="Products & apps">Products &amp; apps</PageHeading>
        {canChange ? (
          <Link to="/products/new" className="button">
            Create product
          </Link>
        ) : null}
      </div>
      <p className="page-intro">A product holds one app per platform; each app has its own AccessID, AccessKey and SecretKey.</p>
      {flash === undefined ? null : (
        <p className="notice notice-success" role="status">
          {flash}
        </p>
      )}
      {products.status === 'loading' ? <Loading label="Loading products…" /> : null}
      {products.status === 'error' ? <ErrorNotice error={products.error} title="The products could not be loaded." onRetry={reload} /> : null}
      {products.status === 'ready' ? <ProductTable products={products.data} page={page} onPage={setPage} canChange={canChange} /> : null}
    </>
  );
}

function ProductTable({ products, page, onPage, canChange }: { products: ProductView[]; page: number; onPage: (page: number) => void; canChange: boolean }) {
  if (products.length === 0) {
    return <p className="empty">No products yet.{canChange ? ' Create one to get an app and its keys.' : ''}</p>;
  }
  const shown = paginate(products, page, PRODUCTS_PAGE_SIZE);
  return (
    <>
      <div className="table-scroll" role="region" aria-label="Products" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Access point</th>
              <th scope="col">Apps</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {shown.items.map((p) => (
              <tr key={p.productId}>
                <td>
                  <Link to={`/products/${p.productId}`}>{p.name}</Link>
                  <span className="muted"> #{p.productId}</span>
                  {p.category === '' ? null : <span className="tag">{p.category}</span>}
                </td>
                <td>{p.accessPoint}</td>
                <td>
                  {p.apps.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <ul className="plain-list">
                      {p.apps.map((a) => (
                        <li key={a.accessId}>
                          <span className="tag">{PLATFORM_LABEL[a.platform]}</span> {a.bundleId} <span className="muted">AccessID {a.accessId}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>{formatTime(p.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={shown.page} pageCount={shown.pageCount} total={shown.total} onPage={onPage} label="Products" />
    </>
  );
}
