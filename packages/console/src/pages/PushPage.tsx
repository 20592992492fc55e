import { PageHeading } from '../components/PageHeading.tsx';
import { PushAppPicker } from '../components/PushAppPicker.tsx';

/** Push starts with an app: its tasks, plans and the create-push form are per app, as in TPNS. */
export function PushPage() {
  return (
    <>
      <PageHeading title="Push">Push</PageHeading>
      <p className="page-intro">Choose an app to push to its devices, follow its tasks with their funnel per channel, and read its push plans.</p>
      <PushAppPicker basePath="/push" label="Apps to push with" />
    </>
  );
}
