import type { PushPlan } from '../api/push-api.ts';
import { FunnelTable } from './FunnelTable.tsx';
import { PLAN_SOURCE_LABEL } from './push-labels.ts';

/** The app's plans with their statistics over all time: the default plan, API plans and the "IM message" plans. */
export function PushPlanList({ plans }: { plans: PushPlan[] }) {
  if (plans.length === 0) return <p className="empty">No plans yet: the default plan is made with the app's first push.</p>;
  return (
    <ul className="push-plans">
      {plans.map((p) => (
          <li key={p.planId} className="card push-plan" aria-labelledby={`push-plan-${p.planId}`}>
            <h3 id={`push-plan-${p.planId}`}>
              {p.planName} <span className="tag">{PLAN_SOURCE_LABEL[p.planPushSource] ?? p.planPushSource}</span>
            </h3>
            <p className="muted">
              <code>{p.planId}</code> · {p.taskCount === 1 ? '1 push' : `${p.taskCount} pushes`}
              {p.planDescribe === '' ? null : <> · {p.planDescribe}</>}
            </p>
            <FunnelTable funnel={p.funnel} caption={`Funnel of plan ${p.planName} per channel`} />
          </li>
      ))}
    </ul>
  );
}
