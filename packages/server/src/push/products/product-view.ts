import type { SecretBox } from '../../crypto/secret-box.ts';
import { toAppView, type AppView } from '../apps/app-view.ts';
import type { ProductWithApps } from './product-service.ts';

export interface ProductView {
  productId: number;
  name: string;
  description: string;
  category: string;
  accessPoint: string;
  createdAt: number;
  updatedAt: number;
  apps: AppView[];
}

export function toProductView({ product, apps }: ProductWithApps, secretBox: SecretBox): ProductView {
  return {
    productId: Number(product.product_id),
    name: product.name,
    description: product.description,
    category: product.category,
    accessPoint: product.access_point,
    createdAt: Number(product.created_at),
    updatedAt: Number(product.updated_at),
    apps: apps.map((a) => toAppView(a, secretBox, false)),
  };
}
