import { useState, type FormEvent } from 'react';
import type { CreateProductInput, ProductView } from '../api/types.ts';
import { useServices } from '../app/services-context.tsx';
import { check, hasErrors, maxLength, required, accessPoint as accessPointRule, androidPackageName, iosBundleId, type FieldErrors } from '../validation/rules.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { TextAreaField } from './TextAreaField.tsx';
import { TextField } from './TextField.tsx';
import { SubmitOrCancel } from './SubmitOrCancel.tsx';

type Field = 'product-name' | 'product-description' | 'product-category' | 'product-access-point' | 'product-ios-bundle' | 'product-android-package';
const FIELDS: Field[] = ['product-name', 'product-description', 'product-category', 'product-access-point', 'product-ios-bundle', 'product-android-package'];

/** TPNS's access points; Herald keeps the label and serves them all from one base URL. Any other label is allowed. */
const ACCESS_POINTS = ['guangzhou', 'shanghai', 'hongkong', 'singapore'];

export interface ProductDraft {
  name: string;
  description: string;
  category: string;
  accessPoint: string;
  ios: boolean;
  iosBundleId: string;
  android: boolean;
  androidPackage: string;
}

export function validateProduct(d: ProductDraft): FieldErrors<Field> {
  return {
    'product-name': check(d.name, required('Name'), maxLength('Name', 100)),
    'product-description': check(d.description, maxLength('Description', 1000)),
    'product-category': check(d.category, maxLength('Category', 100)),
    'product-access-point': check(d.accessPoint, required('Access point'), accessPointRule),
    'product-ios-bundle': d.ios ? check(d.iosBundleId.trim(), required('The iOS bundle ID'), iosBundleId) : undefined,
    'product-android-package': d.android ? check(d.androidPackage.trim(), required('The Android package name'), androidPackageName) : undefined,
  };
}

export function toCreateInput(d: ProductDraft): CreateProductInput {
  const platforms: NonNullable<CreateProductInput['platforms']> = [];
  if (d.ios) platforms.push({ platform: 'ios', bundleId: d.iosBundleId.trim() });
  if (d.android) platforms.push({ platform: 'android', bundleId: d.androidPackage.trim() });
  return {
    name: d.name.trim(),
    accessPoint: d.accessPoint.trim(),
    ...(d.description.trim() === '' ? {} : { description: d.description.trim() }),
    ...(d.category.trim() === '' ? {} : { category: d.category.trim() }),
    platforms,
  };
}

const EMPTY: ProductDraft = { name: '', description: '', category: '', accessPoint: 'guangzhou', ios: true, iosBundleId: '', android: true, androidPackage: '' };

/** Creates a product with its iOS and Android apps in one call (POST /api/products). */
export function ProductCreateForm({ onCreated, onCancel }: { onCreated: (product: ProductView) => void; onCancel: () => void }) {
  const services = useServices();
  const [draft, setDraft] = useState<ProductDraft>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ProductDraft>(key: K) => (value: ProductDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateProduct(draft);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(FIELDS, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onCreated(await services.products.create(toCreateInput(draft)));
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      <TextField id="product-name" label="Name" value={draft.name} onChange={set('name')} error={errors['product-name']} required maxLength={100} />
      <TextAreaField id="product-description" label="Description" value={draft.description} onChange={set('description')} error={errors['product-description']} rows={3} />
      <TextField id="product-category" label="Category" value={draft.category} onChange={set('category')} error={errors['product-category']} hint="For your own grouping, e.g. commerce or social." />
      <TextField
        id="product-access-point" label="Access point" value={draft.accessPoint} onChange={set('accessPoint')} error={errors['product-access-point']} required list="access-points"
        hint="The TPNS region label (guangzhou, shanghai, hongkong, singapore) or your own. It cannot be changed later."
      />
      <datalist id="access-points">
        {ACCESS_POINTS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>

      <fieldset className="platforms">
        <legend>Apps</legend>
        <p className="field-hint">Each ticked platform gets its own app with an AccessID, AccessKey and SecretKey.</p>
        <div className="checkbox">
          <input id="product-ios" type="checkbox" checked={draft.ios} onChange={(e) => set('ios')(e.target.checked)} />
          <label htmlFor="product-ios">iOS app</label>
        </div>
        {draft.ios ? (
          <TextField id="product-ios-bundle" label="iOS bundle ID" value={draft.iosBundleId} onChange={set('iosBundleId')} error={errors['product-ios-bundle']} required placeholder="com.example.app" spellCheck={false} autoCapitalize="off" />
        ) : null}
        <div className="checkbox">
          <input id="product-android" type="checkbox" checked={draft.android} onChange={(e) => set('android')(e.target.checked)} />
          <label htmlFor="product-android">Android app</label>
        </div>
        {draft.android ? (
          <TextField id="product-android-package" label="Android package name" value={draft.androidPackage} onChange={set('androidPackage')} error={errors['product-android-package']} required placeholder="com.example.app" spellCheck={false} autoCapitalize="off" />
        ) : null}
      </fieldset>

      {failure === undefined ? null : <ErrorNotice error={failure} title="The product was not created." />}
      <SubmitOrCancel label="Create product" busyLabel="Creating…" busy={busy} onCancel={onCancel} />
    </form>
  );
}
