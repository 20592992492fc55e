import { useEffect, type ReactNode } from 'react';

/**
 * The page's h1, which also names the browser tab. It takes focus programmatically (tabIndex -1) so that after an
 * in-app navigation keyboard and screen-reader users start at the new page, not on the link they left.
 */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  useEffect(() => {
    document.title = `${title} · Herald console`;
  }, [title]);
  return (
    <h1 tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
