import { Link } from '../app/router.tsx';
import { HOME_PATH } from '../app/sections.ts';
import { PageHeading } from '../components/PageHeading.tsx';

/** Where a viewer lands on a page that only changes things. */
export function ReadOnlyPage() {
  return (
    <>
      <PageHeading title="Read-only account">Read-only account</PageHeading>
      <p>
        You are signed in as a viewer: you can look at everything but change nothing. <Link to={HOME_PATH}>Back to Products &amp; apps</Link>.
      </p>
    </>
  );
}
