/**
 * The console's sections, in the order of the navigation. `built: false` sections answer with a "not built yet"
 * page that names what they will do and the API that does it today (issue 6 builds them one by one).
 */
export interface Section {
  path: string;
  label: string;
  built: boolean;
  summary: string;
  /** Where to do it until the page exists. */
  meanwhile?: string;
}

export const SECTIONS: readonly Section[] = [
  { path: '/overview', label: 'Overview', built: true, summary: 'Device counts (total, new, active) and the push funnel per channel over time.', meanwhile: 'POST /v3/statistics/… (docs/push-api.md)' },
  { path: '/products', label: 'Products & apps', built: true, summary: 'Create products and their apps; read and rotate app keys.' },
  { path: '/credentials', label: 'Credentials', built: true, summary: 'APNs .p12/.p8 in dev and prod slots, the vendor channels (FCM, Huawei, Honor, Xiaomi, OPPO, vivo, Meizu) and Web Push.', meanwhile: 'PUT /api/apps/:accessId/credentials/… (docs/management-api.md)' },
  { path: '/authorization', label: 'Authorization', built: true, summary: 'Authorize IM apps to push apps, and see the service mode it sets.', meanwhile: 'POST /api/im/apps/:sdkAppId/push-authorizations (docs/management-api.md)' },
  { path: '/push', label: 'Push', built: true, summary: 'Create pushes with every advanced setting, follow tasks and their funnel, and push plans with their statistics.', meanwhile: 'POST /v3/push/app (docs/push-api.md)' },
  { path: '/toolbox', label: 'Toolbox', built: true, summary: 'Look up a token or an account, and run the IM offline-push self-check for a user.', meanwhile: 'GET /api/im/apps/:sdkAppId/users/:userId/offline-push-check (docs/management-api.md)' },
  { path: '/im-apps', label: 'IM apps', built: true, summary: 'IM apps, a UserSig generator for testing, offline push certificates, users and groups.', meanwhile: '/api/im/apps (docs/im-rest-api.md)' },
  { path: '/sandbox', label: 'Sandbox', built: true, summary: "The emulators' virtual devices, what each received, and test pushes." },
];

export const HOME_PATH = '/products';

/** The section a path belongs to (`/products/3` → Products & apps). */
export function sectionOf(path: string): Section | undefined {
  return SECTIONS.find((s) => path === s.path || path.startsWith(`${s.path}/`));
}
