import { PageHeading } from '../components/PageHeading.tsx';
import { PushAppPicker } from '../components/PushAppPicker.tsx';

/** The overview is per app, like TPNS's: choose one. */
export function OverviewPage() {
  return (
    <>
      <PageHeading title="Overview">Overview</PageHeading>
      <p className="page-intro">Device counts and the push funnel per channel over time, for one app.</p>
      <PushAppPicker basePath="/overview" label="Apps to show" />
    </>
  );
}
