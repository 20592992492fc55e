/**
 * TPNS iOS `badge_type` → APNs `aps.badge`. -1: leave the badge alone (no key); -2: one more than the device's
 * server-side counter; n >= 0: exactly n. `next` is the counter value the caller must store (undefined = unchanged).
 */
export function resolveBadge(badgeType: number | undefined, rawBadge: unknown, current: number): { badge?: number; next?: number } {
  if (badgeType === undefined) {
    // No badge_type: an explicit aps.badge is passed through as APNs would take it.
    return typeof rawBadge === 'number' && Number.isInteger(rawBadge) && rawBadge >= 0 ? { badge: rawBadge, next: rawBadge } : {};
  }
  if (badgeType === -1) return {};
  if (badgeType === -2) return { badge: current + 1, next: current + 1 };
  return { badge: badgeType, next: badgeType };
}
