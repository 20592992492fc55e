import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { Session } from '../api/types.ts';
import { useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { focusFirstError } from '../components/focus-first-error.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { TextField } from '../components/TextField.tsx';
import { useCountdown } from '../components/use-countdown.ts';
import { check, hasErrors, required, type FieldErrors } from '../validation/rules.ts';

type Field = 'signin-username' | 'signin-password';
const FIELDS: Field[] = ['signin-username', 'signin-password'];

export function SignInPage({ initialUsername = '', notice, onSignedIn }: { initialUsername?: string; notice?: string | undefined; onSignedIn: (session: Session) => void }) {
  const services = useServices();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<{ kind: 'credentials' } | { kind: 'rate-limited'; until: number | undefined } | { kind: 'other'; error: unknown } | undefined>();
  const [busy, setBusy] = useState(false);
  const waitSeconds = useCountdown(failure?.kind === 'rate-limited' ? failure.until : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Field> = {
      'signin-username': check(username, required('Username')),
      'signin-password': check(password, required('Password')),
    };
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(FIELDS, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const session = await services.console.signIn(username.trim(), password);
      onSignedIn(session);
    } catch (error) {
      setPassword('');
      if (error instanceof ApiError && error.status === 401) setFailure({ kind: 'credentials' });
      else if (error instanceof ApiError && error.status === 429) {
        setFailure({ kind: 'rate-limited', until: error.retryAfterSeconds === undefined ? undefined : Date.now() + error.retryAfterSeconds * 1000 });
      } else setFailure({ kind: 'other', error });
    } finally {
      setBusy(false);
    }
  }

  // With a Retry-After the button waits it out; without one the server decides on the next try.
  const blocked = failure?.kind === 'rate-limited' && failure.until !== undefined && waitSeconds > 0;
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <p className="brand">Herald console</p>
        <PageHeading title="Sign in">Sign in</PageHeading>
        {notice === undefined ? null : (
          <p className="notice notice-info" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} noValidate aria-describedby={failure === undefined ? undefined : 'signin-failure'}>
          <TextField id="signin-username" label="Username" value={username} onChange={setUsername} error={errors['signin-username']} autoComplete="username" required autoFocus={initialUsername === ''} />
          <TextField id="signin-password" label="Password" type="password" value={password} onChange={setPassword} error={errors['signin-password']} autoComplete="current-password" required autoFocus={initialUsername !== ''} />
          <div id="signin-failure">
            {failure?.kind === 'credentials' ? (
              <p className="notice notice-error" role="alert">
                Wrong username or password.
              </p>
            ) : null}
            {failure?.kind === 'rate-limited' ? (
              <p className="notice notice-error" role="alert">
                Too many sign-in attempts.{' '}
                {failure.until === undefined ? 'Wait a moment before trying again.' : waitSeconds > 0 ? `Try again in ${waitSeconds} ${waitSeconds === 1 ? 'second' : 'seconds'}.` : 'You can try again now.'}
              </p>
            ) : null}
            {failure?.kind === 'other' ? <ErrorNotice error={failure.error} title="Signing in failed." /> : null}
          </div>
          <button type="submit" className="button" disabled={busy || blocked}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
