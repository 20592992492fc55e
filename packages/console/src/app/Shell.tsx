import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Session } from '../api/types.ts';
import { Link } from './router.tsx';
import { sectionOf, SECTIONS } from './sections.ts';

/**
 * The signed-in frame: a skip link, the header with who is signed in and sign-out, the section navigation (a
 * side bar on wide screens, a menu button on phones) and the page. After an in-app navigation the new page's h1
 * takes focus, so keyboard and screen-reader users start at the top of the new page.
 */
export function Shell({ session, path, onSignOut, signingOut, children }: { session: Session; path: string; onSignOut: () => void; signingOut: boolean; children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const navigated = useRef(false);
  const current = sectionOf(path);

  useEffect(() => {
    setMenuOpen(false);
    // Not on the first render: a page opened from the address bar keeps the browser's own focus order.
    if (!navigated.current) {
      navigated.current = true;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="section-nav" onClick={() => setMenuOpen((o) => !o)}>
          Menu
        </button>
        <Link to="/products" className="brand">
          Herald console
        </Link>
        <div className="account">
          <span>
            {session.username} <span className="tag">{session.role === 'admin' ? 'admin' : 'viewer (read-only)'}</span>
          </span>
          <button type="button" className="button button-secondary" onClick={onSignOut} disabled={signingOut}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </header>
      <nav id="section-nav" className={menuOpen ? 'sidenav open' : 'sidenav'} aria-label="Sections">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.path}>
              <Link to={s.path} aria-current={current?.path === s.path ? 'page' : undefined}>
                {s.label}
                {s.built ? null : <span className="soon"> · soon</span>}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
