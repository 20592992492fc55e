/** The create-plan form's checks: the server's (add-plan.ts, as add_plan_push): both texts 1–60 and 1–300 characters. */
import { check, maxLength, required, type FieldErrors } from './rules.ts';

export const MAX_PLAN_NAME = 60;
export const MAX_PLAN_DESCRIBE = 300;

export type PlanField = 'plan-name' | 'plan-describe';
export const PLAN_FIELDS: PlanField[] = ['plan-name', 'plan-describe'];

export function validatePlan(p: { planName: string; planDescribe: string }): FieldErrors<PlanField> {
  return {
    'plan-name': check(p.planName.trim(), required('The name'), maxLength('The name', MAX_PLAN_NAME)),
    'plan-describe': check(p.planDescribe.trim(), required('The description'), maxLength('The description', MAX_PLAN_DESCRIBE)),
  };
}
