/** Products and apps of the management API (`/api`, see docs/management-api.md). */
import type { ApiClient } from './http-client.ts';
import type { AppView, AppWithKeys, CreateProductInput, ProductView } from './types.ts';

export type KeyName = 'accessKey' | 'secretKey';

export function productsApi(client: ApiClient) {
  return {
    list: async (): Promise<ProductView[]> => (await client.request<{ products: ProductView[] }>('GET', '/api/products')).products,
    get: (productId: number) => client.request<ProductView>('GET', `/api/products/${productId}`),
    create: (input: CreateProductInput) => client.request<ProductView>('POST', '/api/products', { body: input }),
    remove: (productId: number) => client.request<void>('DELETE', `/api/products/${productId}`),
    app: (accessId: number) => client.request<AppView>('GET', `/api/apps/${accessId}`),
    revealKeys: (accessId: number) => client.request<AppWithKeys>('GET', `/api/apps/${accessId}`, { query: { reveal: 1 } }),
    rotateKey: (accessId: number, key: KeyName) => client.request<AppWithKeys>('POST', `/api/apps/${accessId}/rotate`, { body: { key } }),
  };
}

export type ProductsApi = ReturnType<typeof productsApi>;
