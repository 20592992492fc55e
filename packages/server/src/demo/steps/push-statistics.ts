/**
 * TPNS console, push records: every offline push was a task of the push app, counted in its "IM message" plan.
 */
import { expect } from '../demo-failure.ts';
import type { Cast } from '../cast.ts';

export async function pushStatistics({ apps, im, phones, trays, out }: Cast): Promise<void> {
  out.step('Read the push records of both push apps (POST /v3/statistics/get_push_record)');
  const lines: string[] = [];
  for (const [app, phone] of [[apps.ios, phones.bobIphone], [apps.android, phones.aliceAndroid]] as const) {
    const records = await trays.records(app);
    // Each phone is the only device of its app: one task per notification it showed, no task for the others.
    expect(records.length === phone.received().length, `${records.length} push tasks in ${app.platform} app ${app.accessId}, but ${phone.name} showed ${phone.received().length} notifications`);
    expect(records.every((r) => r.status === 'PUSH_FINISHED'), `unfinished tasks: ${JSON.stringify(records.map((r) => r.status))}`);
    const plan = `im_${app.accessId}_${im.sdkAppId}`;
    expect(records.every((r) => r.planId === plan), `tasks outside the IM message plan ${plan}: ${JSON.stringify(records.map((r) => r.planId))}`);
    lines.push(`${app.platform === 'ios' ? 'iOS' : 'Android'} app ${app.accessId}: ${records.length} task(s), all PUSH_FINISHED, in plan ${plan}`);
  }
  out.answer(lines.join('; '));
}
