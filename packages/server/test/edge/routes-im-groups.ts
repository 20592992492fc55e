/** Bad-input entries of the group management routes (merged into routeTable in route-table.ts). */
import type { RouteSpec } from './route-spec.ts';

export const imGroupRoutes: Record<string, RouteSpec> = {};
