import { useState, type FormEvent } from 'react';
import { pushApi, type PushPlan } from '../api/push-api.ts';
import { useServices } from '../app/services-context.tsx';
import { MAX_PLAN_DESCRIBE, MAX_PLAN_NAME, PLAN_FIELDS, validatePlan, type PlanField } from '../validation/push-plan.ts';
import { hasErrors, type FieldErrors } from '../validation/rules.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { TextField } from './TextField.tsx';
import { SubmitOrCancel } from './SubmitOrCancel.tsx';

/** Creates a push plan (POST /api/apps/:accessId/plans, the rules of add_plan_push); pushes then choose it. */
export function PushPlanCreateForm({ accessId, onCreated, onCancel }: { accessId: number; onCreated: (plan: PushPlan) => void; onCancel: () => void }) {
  const services = useServices();
  const [planName, setPlanName] = useState('');
  const [planDescribe, setPlanDescribe] = useState('');
  const [errors, setErrors] = useState<FieldErrors<PlanField>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validatePlan({ planName, planDescribe });
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(PLAN_FIELDS, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onCreated(await pushApi(services.client).createPlan(accessId, { planName: planName.trim(), planDescribe: planDescribe.trim() }));
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form push-plan-form" aria-label="Create plan">
      <TextField id="plan-name" label="Plan name" value={planName} onChange={setPlanName} error={errors['plan-name']} required hint={`At most ${MAX_PLAN_NAME} characters.`} />
      <TextField id="plan-describe" label="Plan description" value={planDescribe} onChange={setPlanDescribe} error={errors['plan-describe']} required hint={`What its pushes are for; at most ${MAX_PLAN_DESCRIBE} characters.`} />
      {failure === undefined ? null : <ErrorNotice error={failure} title="The plan was not created." />}
      <SubmitOrCancel label="Create plan" busyLabel="Creating…" busy={busy} onCancel={onCancel} />
    </form>
  );
}
