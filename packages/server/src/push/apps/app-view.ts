import type { SecretBox } from '../../crypto/secret-box.ts';
import type { AppRow } from '../../store/schema.ts';

/** An app as the management API shows it. Keys appear only when the caller asked to reveal them. */
export interface AppView {
  accessId: number;
  productId: number;
  platform: string;
  bundleId: string;
  serviceMode: string;
  imSdkAppId: number | null;
  createdAt: number;
  updatedAt: number;
  accessKey?: string;
  secretKey?: string;
}

export function toAppView(row: AppRow, secretBox: SecretBox, reveal: boolean): AppView {
  const view: AppView = {
    accessId: Number(row.access_id),
    productId: Number(row.product_id),
    platform: row.platform,
    bundleId: row.bundle_id,
    serviceMode: row.service_mode,
    imSdkAppId: row.im_sdk_app_id === null ? null : Number(row.im_sdk_app_id),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (reveal) {
    view.accessKey = row.access_key;
    view.secretKey = secretBox.open(row.secret_key_sealed);
  }
  return view;
}
