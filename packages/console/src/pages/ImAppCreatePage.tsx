import { navigate } from '../app/router.tsx';
import { ImAppCreateForm } from '../components/ImAppCreateForm.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

export function ImAppCreatePage() {
  return (
    <>
      <PageHeading title="Create an IM app">Create an IM app</PageHeading>
      <ImAppCreateForm
        onCreated={(app) => navigate(`/im-apps/${app.sdkAppId}`, { flash: `IM app ${app.name} created with SDKAppID ${app.sdkAppId}.` })}
        onCancel={() => navigate('/im-apps')}
      />
    </>
  );
}
