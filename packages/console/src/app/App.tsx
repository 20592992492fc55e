import { useCallback, useEffect, useState } from 'react';
import type { Session } from '../api/types.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/Loading.tsx';
import { SetupPage } from '../pages/SetupPage.tsx';
import { SignInPage } from '../pages/SignInPage.tsx';
import { AppRoutes } from './AppRoutes.tsx';
import { usePath } from './router.tsx';
import type { Services } from './services.ts';
import { ServicesContext, SessionContext } from './services-context.tsx';
import { Shell } from './Shell.tsx';

type State =
  | { kind: 'loading' }
  | { kind: 'unreachable'; error: unknown }
  | { kind: 'setup' }
  | { kind: 'signed-out'; notice?: string; username?: string }
  | { kind: 'signed-in'; session: Session };

/**
 * Decides what the console shows: the first-admin setup while the server has no admin, sign-in without a
 * session, otherwise the page for the URL. Sign-in happens in place, so the URL (a deep link, the page a lost
 * session interrupted) is where the user lands after signing in.
 */
export function App({ services }: { services: Services }) {
  const path = usePath();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [signingOut, setSigningOut] = useState(false);

  const signedOut = useCallback(
    (o: { notice?: string; username?: string } = {}) => {
      services.client.setCsrfToken(undefined);
      setState({ kind: 'signed-out', ...o });
    },
    [services],
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (await services.console.setupNeeded()) return { kind: 'setup' } as const;
      const session = await services.console.currentSession();
      return session === undefined ? ({ kind: 'signed-out' } as const) : ({ kind: 'signed-in', session } as const);
    })().then(
      (next) => {
        if (cancelled) return;
        if (next.kind === 'signed-in') services.client.setCsrfToken(next.session.csrfToken);
        setState(next);
      },
      (error: unknown) => {
        if (!cancelled) setState({ kind: 'unreachable', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [services, attempt]);

  useEffect(() => services.onSessionLost(() => signedOut({ notice: 'Your session has ended. Sign in again to continue.' })), [services, signedOut]);

  const signIn = useCallback(
    (session: Session) => {
      services.client.setCsrfToken(session.csrfToken);
      setState({ kind: 'signed-in', session });
    },
    [services],
  );

  async function signOut() {
    setSigningOut(true);
    try {
      await services.console.signOut();
    } catch {
      // The session is dropped here either way; a server that did not answer expires it on its own.
    } finally {
      setSigningOut(false);
      signedOut({ notice: 'You have signed out.' });
    }
  }

  return (
    <ServicesContext.Provider value={services}>
      {state.kind === 'loading' ? (
        <main className="auth-page" id="main">
          <Loading label="Opening the console…" />
        </main>
      ) : null}
      {state.kind === 'unreachable' ? (
        <main className="auth-page" id="main">
          <div className="auth-card">
            <h1>Herald console</h1>
            <ErrorNotice error={state.error} title="The console could not reach the server's console API." onRetry={() => { setState({ kind: 'loading' }); setAttempt((a) => a + 1); }} />
          </div>
        </main>
      ) : null}
      {state.kind === 'setup' ? (
        <SetupPage
          onDone={(username) => signedOut({ username, notice: `Admin ${username} created. Sign in with it.` })}
          onAlreadySetUp={() => signedOut({ notice: 'The console already has an admin. Sign in.' })}
        />
      ) : null}
      {state.kind === 'signed-out' ? <SignInPage key={state.notice ?? ''} initialUsername={state.username ?? ''} notice={state.notice} onSignedIn={signIn} /> : null}
      {state.kind === 'signed-in' ? (
        <SessionContext.Provider value={state.session}>
          <Shell session={state.session} path={path} onSignOut={() => void signOut()} signingOut={signingOut}>
            <AppRoutes path={path} />
          </Shell>
        </SessionContext.Provider>
      ) : null}
    </ServicesContext.Provider>
  );
}
