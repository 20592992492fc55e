/** Bad-input entries of the webhook settings routes (merged into routeTable in route-table.ts). */
import type { RouteSpec } from './route-spec.ts';

export const imWebhookRoutes: Record<string, RouteSpec> = {};
