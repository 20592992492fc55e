import type { CredentialCheck } from '../api/credentials-api.ts';
import { formatTime } from './platform-labels.ts';

const STATUS_TEXT: Record<CredentialCheck['status'], string> = {
  ok: 'Accepted by the vendor',
  unverified: 'Not verified: the vendor could not be asked',
  rejected: 'Rejected by the vendor',
};

/** The vendor's last answer about a credential (saved, checked again, or found refused by a push) with its reason. */
export function CredentialCheckStatus({ check }: { check: CredentialCheck }) {
  return (
    <div className={`credential-check credential-check-${check.status}`}>
      <p>
        <span className="credential-check-label">{STATUS_TEXT[check.status]}</span>{' '}
        <span className="muted">({check.status}, {formatTime(check.checkedAt)})</span>
      </p>
      {check.reason === undefined ? null : (
        <p>
          Reason: <code>{check.reason}</code>
        </p>
      )}
      {check.status === 'unverified' ? <p className="muted">It is saved; use “Check again” once the vendor can be reached.</p> : null}
      {check.status === 'rejected' ? <p className="muted">Pushes on this channel wait until a working credential is saved.</p> : null}
    </div>
  );
}
