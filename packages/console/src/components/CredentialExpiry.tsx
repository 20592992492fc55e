/** A certificate's expiry, with a warning a month ahead and once it has passed (APNs refuses an expired one). */

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export type ExpiryState = { state: 'expired' } | { state: 'soon'; days: number } | { state: 'valid'; days: number } | { state: 'unknown' };

export function expiryState(notAfter: string, now: number): ExpiryState {
  const at = Date.parse(notAfter);
  if (Number.isNaN(at)) return { state: 'unknown' };
  if (at <= now) return { state: 'expired' };
  const days = Math.ceil((at - now) / DAY_MS);
  return days <= EXPIRY_WARNING_DAYS ? { state: 'soon', days } : { state: 'valid', days };
}

function formatDate(notAfter: string): string {
  const at = Date.parse(notAfter);
  return Number.isNaN(at) ? notAfter : new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function CredentialExpiry({ notAfter, now = Date.now(), what = 'certificate' }: { notAfter: string; now?: number; what?: string }) {
  const s = expiryState(notAfter, now);
  const date = <time dateTime={notAfter}>{formatDate(notAfter)}</time>;
  if (s.state === 'expired') {
    return (
      <p className="credential-expiry credential-expiry-expired" role="alert">
        ⚠ This {what} expired on {date}. APNs refuses it: upload a renewed one.
      </p>
    );
  }
  if (s.state === 'soon') {
    return (
      <p className="credential-expiry credential-expiry-soon" role="alert">
        ⚠ This {what} expires in {s.days} {s.days === 1 ? 'day' : 'days'}, on {date}. Upload a renewed one before then.
      </p>
    );
  }
  return <span>{date}</span>;
}
