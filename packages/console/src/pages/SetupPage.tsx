import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-error.ts';
import { useServices } from '../app/services-context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { focusFirstError } from '../components/focus-first-error.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { TextField } from '../components/TextField.tsx';
import { check, hasErrors, password as passwordRule, PASSWORD_MIN_LENGTH, required, sameAs, username as usernameRule, type FieldErrors } from '../validation/rules.ts';

type Field = 'setup-token' | 'setup-username' | 'setup-password' | 'setup-confirm';
const FIELDS: Field[] = ['setup-token', 'setup-username', 'setup-password', 'setup-confirm'];

/** First start: creates the first admin with the one-time setup token from the server's data directory. */
export function SetupPage({ onDone, onAlreadySetUp }: { onDone: (username: string) => void; onAlreadySetUp: () => void }) {
  const services = useServices();
  const [setupToken, setSetupToken] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors<Field> = {
      'setup-token': check(setupToken, required('The setup token')),
      'setup-username': check(username, required('Username'), usernameRule),
      'setup-password': check(password, required('Password'), passwordRule(username)),
      'setup-confirm': check(confirm, (v) => (v === '' ? 'Type the password again.' : undefined), sameAs(password, 'The passwords do not match.')),
    };
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(FIELDS, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const created = await services.console.setup({ setupToken: setupToken.trim(), username: username.trim(), password });
      onDone(created.username);
    } catch (error) {
      // Someone else created the first admin meanwhile: there is nothing left to set up here.
      if (error instanceof ApiError && error.code === 'CONSOLE_SETUP_DONE') onAlreadySetUp();
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <p className="brand">Herald console</p>
        <PageHeading title="Create the first admin">Create the first admin</PageHeading>
        <p>
          This server has no admin yet. Enter the one-time setup token to create the first one: it is in the server&apos;s data
          directory, and <code>npm start</code> printed where when it started. The token stops working once the admin exists.
        </p>
        <form onSubmit={submit} noValidate>
          <TextField id="setup-token" label="Setup token" value={setupToken} onChange={setSetupToken} error={errors['setup-token']} autoComplete="off" spellCheck={false} required autoFocus />
          <TextField id="setup-username" label="Username" value={username} onChange={setUsername} error={errors['setup-username']} autoComplete="username" required />
          <TextField
            id="setup-password" label="Password" type="password" value={password} onChange={setPassword} error={errors['setup-password']}
            hint={`At least ${PASSWORD_MIN_LENGTH} characters, not the username.`} autoComplete="new-password" required
          />
          <TextField id="setup-confirm" label="Repeat the password" type="password" value={confirm} onChange={setConfirm} error={errors['setup-confirm']} autoComplete="new-password" required />
          {failure === undefined ? null : <ErrorNotice error={failure} title="The admin was not created." />}
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Creating…' : 'Create admin'}
          </button>
        </form>
      </div>
    </main>
  );
}
