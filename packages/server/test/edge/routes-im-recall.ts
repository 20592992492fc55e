/** Bad-input entries of the recall routes (merged into routeTable in route-table.ts). */
import type { RouteSpec } from './route-spec.ts';

export const imRecallRoutes: Record<string, RouteSpec> = {};
