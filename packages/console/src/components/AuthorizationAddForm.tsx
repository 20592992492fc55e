import { useState, type FormEvent } from 'react';
import type { AuthorizationApi, PushAuthorization } from '../api/authorization-api.ts';
import type { ProductView } from '../api/types.ts';
import type { FieldErrors } from '../validation/rules.ts';
import { AuthorizationRefusal } from './AuthorizationRefusal.tsx';
import { AuthorizationSelectField } from './AuthorizationSelectField.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { PLATFORM_LABEL } from './platform-labels.ts';

type Field = 'authorize-product' | 'authorize-app';

export function validateAuthorization(productId: string, accessId: string): FieldErrors<Field> {
  return {
    'authorize-product': productId === '' ? 'Pick the product.' : undefined,
    'authorize-app': productId !== '' && accessId === '' ? 'Pick the push app.' : undefined,
  };
}

/** IM app → product → app: authorizes the IM app to send its offline pushes through the push app. */
export function AuthorizationAddForm({
  api, sdkAppId, products, onAdded,
}: { api: AuthorizationApi; sdkAppId: number; products: ProductView[]; onAdded: (authorization: PushAuthorization) => void }) {
  const [productId, setProductId] = useState('');
  const [accessId, setAccessId] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const product = products.find((p) => String(p.productId) === productId);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateAuthorization(productId, accessId);
    setErrors(found);
    if (found['authorize-product'] !== undefined || found['authorize-app'] !== undefined) {
      focusFirstError(['authorize-product', 'authorize-app'], found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onAdded(await api.add(sdkAppId, Number(accessId)));
      setAccessId('');
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby="authorize-title">
      <h2 id="authorize-title">Authorize a push app</h2>
      <p className="field-hint authorization-intro">The push app’s service mode becomes “IM push only” and an “IM message” plan counts this IM app’s offline pushes through it.</p>
      {products.length === 0 ? <p className="empty">No products yet: create a product with its apps first.</p> : null}
      <AuthorizationSelectField
        id="authorize-product" label="Product" required value={productId} error={errors['authorize-product']} disabled={products.length === 0}
        onChange={(v) => { setProductId(v); setAccessId(''); }}
      >
        <option value="">Choose a product…</option>
        {products.map((p) => (
          <option key={p.productId} value={String(p.productId)}>
            {p.name} (#{p.productId})
          </option>
        ))}
      </AuthorizationSelectField>
      <AuthorizationSelectField id="authorize-app" label="Push app" required value={accessId} error={errors['authorize-app']} onChange={setAccessId} disabled={product === undefined}>
        <option value="">{product === undefined ? 'Choose the product first' : 'Choose an app…'}</option>
        {(product?.apps ?? []).map((a) => (
          <option key={a.accessId} value={String(a.accessId)}>
            {PLATFORM_LABEL[a.platform]} · {a.bundleId} · AccessID {a.accessId}
            {a.imSdkAppId === null ? '' : a.imSdkAppId === sdkAppId ? ' (authorized here)' : ` (authorized to IM app ${a.imSdkAppId})`}
          </option>
        ))}
      </AuthorizationSelectField>
      {failure === undefined ? null : <AuthorizationRefusal error={failure} title="The push app was not authorized." />}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Authorizing…' : 'Authorize'}
        </button>
      </div>
    </form>
  );
}
