/** The shapes of the server's answers the console reads (see docs/management-api.md and docs/console.md). */

export type Role = 'admin' | 'viewer';

export interface Session {
  username: string;
  role: Role;
  csrfToken: string;
}

export type Platform = 'ios' | 'android' | 'web';

export interface AppView {
  accessId: number;
  productId: number;
  platform: Platform;
  bundleId: string;
  serviceMode: string;
  imSdkAppId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface AppKeys {
  accessKey: string;
  secretKey: string;
}

export type AppWithKeys = AppView & AppKeys;

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

export interface CreateProductInput {
  name: string;
  description?: string;
  category?: string;
  accessPoint: string;
  platforms?: Array<{ platform: Platform; bundleId: string }>;
}
