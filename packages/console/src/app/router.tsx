/**
 * A history router small enough to read in one go: the console has a dozen flat routes, so react-router would be
 * a dependency for nothing. Paths inside the app are written without the `/console` base; the server answers
 * index.html for every `/console/*` page path, so deep links and reloads work.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export const BASE_PATH = '/console';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** The path inside the app: `/console/products/3` → `/products/3`; the base itself → `/`. */
export function appPath(pathname: string = window.location.pathname): string {
  if (pathname === BASE_PATH || pathname === `${BASE_PATH}/`) return '/';
  return pathname.startsWith(`${BASE_PATH}/`) ? pathname.slice(BASE_PATH.length) : pathname;
}

export function href(to: string): string {
  return `${BASE_PATH}${to === '/' ? '/' : to}`;
}

/** `flash`: a one-line message for the page navigated to ("Product deleted"), kept in the history entry. */
export function navigate(to: string, o: { replace?: boolean; flash?: string } = {}): void {
  const state = o.flash === undefined ? null : { flash: o.flash };
  if (o.replace === true) window.history.replaceState(state, '', href(to));
  else window.history.pushState(state, '', href(to));
  for (const listener of listeners) listener();
}

/** The flash message the current history entry was opened with, if any. */
export function currentFlash(): string | undefined {
  const state = window.history.state as { flash?: unknown } | null;
  return typeof state?.flash === 'string' ? state.flash : undefined;
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => appPath());
}

/** `/products/:productId` against `/products/7` → `{productId: '7'}`; undefined when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return undefined;
  }
  return params;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

/** An ordinary link (open in a new tab, copy address work) that navigates in place on a plain click. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
