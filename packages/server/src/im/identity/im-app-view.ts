import type { SecretBox } from '../../crypto/secret-box.ts';
import type { ImAppRow } from './im-rows.ts';

/** An IM app as the management API shows it. The secret key appears only when the caller asked to reveal it. */
export interface ImAppView {
  sdkAppId: number;
  name: string;
  admins: string[];
  autoCreateUsers: boolean;
  createdAt: number;
  updatedAt: number;
  secretKey?: string;
}

export function toImAppView(row: ImAppRow, secretBox: SecretBox, reveal: boolean): ImAppView {
  const view: ImAppView = {
    sdkAppId: Number(row.sdk_app_id),
    name: row.name,
    admins: JSON.parse(row.admins_json) as string[],
    autoCreateUsers: Number(row.auto_create_users) === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (reveal) view.secretKey = secretBox.open(row.secret_key_sealed);
  return view;
}
