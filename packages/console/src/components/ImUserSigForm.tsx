import { useState, type FormEvent } from 'react';
import type { UserSigResult } from '../api/im-api.ts';
import { useServices } from '../app/services-context.tsx';
import { check, hasErrors, required, type FieldErrors } from '../validation/rules.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { formatDuration, imUserId } from './ImLabels.ts';
import { formatTime } from './platform-labels.ts';
import { TextField } from './TextField.tsx';

type Field = 'usersig-user' | 'usersig-days';
const FIELDS: Field[] = ['usersig-user', 'usersig-days'];
const MAX_DAYS = 50 * 365;

export function validateUserSig(userId: string, days: string): FieldErrors<Field> {
  const n = Number(days);
  return {
    'usersig-user': check(userId, required('The UserID'), imUserId),
    'usersig-days': /^[0-9]{1,5}$/.test(days.trim()) && n >= 1 && n <= MAX_DAYS ? undefined : `Use a whole number of days from 1 to ${MAX_DAYS}.`,
  };
}

/**
 * The IM console's UserSig tool: the server signs it with the app's secret key (POST …/usersig), which never
 * reaches the browser. For testing: a production app signs UserSigs on its own server.
 */
export function ImUserSigForm({ sdkAppId }: { sdkAppId: number }) {
  const services = useServices();
  const [userId, setUserId] = useState('');
  const [days, setDays] = useState('180');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<UserSigResult | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateUserSig(userId, days);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(FIELDS, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    setResult(undefined);
    try {
      setResult(await services.im.userSig(sdkAppId, userId, Number(days.trim()) * 86_400));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      <div className="form-row">
        <TextField id="usersig-user" label="UserID" value={userId} onChange={setUserId} error={errors['usersig-user']} required spellCheck={false} autoCapitalize="off" maxLength={32} />
        <TextField id="usersig-days" label="Valid for (days)" value={days} onChange={setDays} error={errors['usersig-days']} required inputMode="numeric" />
      </div>
      {failure === undefined ? null : <ErrorNotice error={failure} title="No UserSig was made." />}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Signing…' : 'Generate UserSig'}
        </button>
      </div>
      {result === undefined ? null : (
        <div className="im-usersig" role="status">
          <p>
            UserSig for <strong>{result.userId}</strong>, valid {formatDuration(result.expireSeconds)} (until {formatTime(result.expiresAt)}):
          </p>
          <code className="im-usersig-value" data-testid="usersig-value">
            {result.userSig}
          </code>
        </div>
      )}
    </form>
  );
}
