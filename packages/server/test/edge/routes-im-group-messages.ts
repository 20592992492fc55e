/** Bad-input entries of the group messages routes (merged into routeTable in route-table.ts). */
import type { RouteSpec } from './route-spec.ts';

export const imGroupMessageRoutes: Record<string, RouteSpec> = {};
