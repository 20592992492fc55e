import { useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { ProductView } from '../api/types.ts';
import { currentFlash, Link, navigate } from '../app/router.tsx';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { AppKeys } from '../components/AppKeys.tsx';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { BUNDLE_ID_LABEL, formatTime, PLATFORM_LABEL, serviceModeLabel } from '../components/platform-labels.ts';
import { useResource } from '../components/use-resource.ts';

/** One product: its details, its apps with their keys, and deleting it. */
export function ProductDetailPage({ productId }: { productId: number }) {
  const services = useServices();
  const [flash] = useState(currentFlash);
  const [product, { reload }] = useResource(() => services.products.get(productId), [services, productId]);
  const title = product.status === 'ready' ? product.data.name : `Product ${productId}`;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/products">Products &amp; apps</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {flash === undefined ? null : (
        <p className="notice notice-success" role="status">
          {flash}
        </p>
      )}
      {product.status === 'loading' ? <Loading label="Loading the product…" /> : null}
      {product.status === 'error' ? (
        <ErrorNotice error={product.error} title="The product could not be loaded." {...(isNotFound(product.error) ? {} : { onRetry: reload })} />
      ) : null}
      {product.status === 'ready' ? <ProductDetails product={product.data} /> : null}
    </>
  );
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

function ProductDetails({ product }: { product: ProductView }) {
  const canChange = useCanChange();
  return (
    <>
      <dl className="details">
        <dt>Product ID</dt>
        <dd>{product.productId}</dd>
        <dt>Access point</dt>
        <dd>{product.accessPoint}</dd>
        {product.category === '' ? null : (
          <>
            <dt>Category</dt>
            <dd>{product.category}</dd>
          </>
        )}
        {product.description === '' ? null : (
          <>
            <dt>Description</dt>
            <dd>{product.description}</dd>
          </>
        )}
        <dt>Created</dt>
        <dd>{formatTime(product.createdAt)}</dd>
      </dl>

      <h2>Apps</h2>
      {product.apps.length === 0 ? <p className="empty">This product has no apps.</p> : null}
      <div className="cards">
        {product.apps.map((app) => (
          <section className="card" key={app.accessId} aria-labelledby={`app-${app.accessId}-title`}>
            <h3 id={`app-${app.accessId}-title`}>
              {PLATFORM_LABEL[app.platform]} app <span className="muted">AccessID {app.accessId}</span>
            </h3>
            <dl className="details">
              <dt>AccessID</dt>
              <dd>
                <code>{app.accessId}</code>
              </dd>
              <dt>{BUNDLE_ID_LABEL[app.platform]}</dt>
              <dd>
                <code>{app.bundleId}</code>
              </dd>
              <dt>Service mode</dt>
              <dd>{serviceModeLabel(app.serviceMode)}</dd>
              <dt>IM app</dt>
              <dd>{app.imSdkAppId === null ? <span className="muted">not authorized</span> : app.imSdkAppId}</dd>
            </dl>
            <p>
              <Link to={`/credentials/${app.accessId}`}>Push credentials</Link>
            </p>
            <AppKeys accessId={app.accessId} />
          </section>
        ))}
      </div>

      {canChange ? <DeleteProduct product={product} /> : null}
    </>
  );
}

function DeleteProduct({ product }: { product: ProductView }) {
  const services = useServices();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  async function remove() {
    setBusy(true);
    setFailure(undefined);
    try {
      await services.products.remove(product.productId);
      navigate('/products', { flash: `Product ${product.name} deleted.` });
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <section className="danger-zone" aria-labelledby="delete-product-title">
      <h2 id="delete-product-title">Delete this product</h2>
      <p>Deletes the product, its apps and everything of theirs: devices, tags, pushes, statistics and credentials.</p>
      <ConfirmAction
        label="Delete product"
        question={`Delete ${product.name} and all its apps' data? This cannot be undone.`}
        confirmLabel="Delete for good"
        busy={busy}
        onConfirm={() => void remove()}
      />
      {failure === undefined ? null : <DeleteRefused error={failure} />}
    </section>
  );
}

/** The server's reason, and for an authorized app which authorization is in the way. */
function DeleteRefused({ error }: { error: unknown }) {
  const authorized = error instanceof ApiError && error.code === 'PRODUCT_AUTHORIZED' ? error.details : undefined;
  return (
    <>
      <ErrorNotice error={error} title="The product was not deleted." />
      {authorized === undefined ? null : (
        <p className="notice notice-info">
          App {String(authorized['accessId'])} is authorized to IM app {String(authorized['imSdkAppId'])}. Remove that authorization first (Authorization page), then
          delete the product.
        </p>
      )}
    </>
  );
}
