import { Link } from '../app/router.tsx';
import { HOME_PATH } from '../app/sections.ts';
import { PageHeading } from '../components/PageHeading.tsx';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <>
      <PageHeading title="Page not found">Page not found</PageHeading>
      <p>
        The console has no page at <code>{path}</code>. <Link to={HOME_PATH}>Go to Products &amp; apps</Link>.
      </p>
    </>
  );
}
