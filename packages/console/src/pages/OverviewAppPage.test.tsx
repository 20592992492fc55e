import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AppOverview } from '../api/stats-api.ts';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, renderWith } from '../test/render.tsx';
import { OverviewAppPage } from './OverviewAppPage.tsx';

const ACCESS_ID = 1500000000;
const PATH = `GET /api/apps/${ACCESS_ID}/overview`;
const ZERO = { targeted: 0, sent: 0, arrived: 0, clicked: 0, failed: 0, invalid: 0, expired: 0 };
const apns = { ...ZERO, targeted: 3, sent: 2, arrived: 2, clicked: 1 };
const fcm = { ...ZERO, targeted: 4, sent: 4, arrived: 1 };

function overview(days: number): AppOverview {
  const dates = Array.from({ length: days }, (_, i) => `2025-06-${String(i + 1).padStart(2, '0')}`);
  return {
    accessId: ACCESS_ID, days, from: dates[0]!, to: dates.at(-1)!, utcOffsetMinutes: 480,
    devices: { total: 9, new: 5, active: 7, daily: dates.map((date, i) => ({ date, new: i === 0 ? 5 : 0, active: i === 0 ? 7 : 0 })) },
    push: {
      channels: [{ channel: 'apns', ...apns }, { channel: 'fcm', ...fcm }],
      total: { ...ZERO, targeted: 7, sent: 6, arrived: 3, clicked: 1 },
      daily: dates.map((date, i) => (i === days - 1
        ? { date, channels: [{ channel: 'apns', ...apns }, { channel: 'fcm', ...fcm }], total: { ...ZERO, targeted: 7, sent: 6, arrived: 3, clicked: 1 } }
        : { date, channels: [], total: ZERO })),
    },
  };
}

describe('the overview of an app', () => {
  it('shows the device counts and two charts with accessible titles, and their numbers as tables', async () => {
    const stub = stubFetch({ [PATH]: { body: overview(14) } });
    renderWith(<OverviewAppPage accessId={ACCESS_ID} />, { stub, session: ADMIN });
    expect(screen.getByRole('status').textContent).toContain('Loading the overview');
    const counts = await screen.findByRole('list', { name: 'Devices' });
    expect(counts.textContent).toContain('9 devices registered');
    expect(counts.textContent).toContain('5 new in the period');
    expect(counts.textContent).toContain('7 active in the period');
    expect(stub.callsTo(PATH)[0]?.query.get('days')).toBe('14');

    const charts = screen.getAllByRole('img');
    expect(charts).toHaveLength(2);
    expect(charts[0]?.getAttribute('aria-labelledby')).toBeTruthy();
    expect(screen.getByTitle(/New and active devices per day/)).toBeTruthy();
    expect(screen.getByTitle(/Push funnel per day, all channels/)).toBeTruthy();
    // Each bar says its value.
    expect(charts[1]?.querySelectorAll('rect').length).toBe(14 * 4);
    expect([...charts[1]!.querySelectorAll('rect title')].map((t) => t.textContent)).toContain('Jun 14, Sent: 6');

    const perChannel = screen.getByRole('region', { name: 'Funnel per channel in the period' });
    expect(within(perChannel).getByRole('row', { name: /FCM/ }).textContent).toContain('4');
  });

  it('charts one channel and another period on request', async () => {
    const stub = stubFetch({ [PATH]: (call) => ({ body: overview(Number(call.query.get('days'))) }) });
    renderWith(<OverviewAppPage accessId={ACCESS_ID} />, { stub, session: ADMIN });
    await userEvent.selectOptions(await screen.findByLabelText('Channel'), 'fcm');
    const chart = screen.getAllByRole('img')[1]!;
    expect([...chart.querySelectorAll('rect title')].map((t) => t.textContent)).toContain('Jun 14, Sent: 4');
    await userEvent.selectOptions(screen.getByLabelText('Period'), '30');
    expect(await screen.findAllByTitle(/Jun 1 – Jun 30/)).toHaveLength(2);
    expect(stub.callsTo(PATH).at(-1)?.query.get('days')).toBe('30');
  });

  it('shows a load failure with its code', async () => {
    const stub = stubFetch({ [PATH]: heraldError(404, 'APP_NOT_FOUND', 'App not found') });
    renderWith(<OverviewAppPage accessId={ACCESS_ID} />, { stub, session: ADMIN });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The overview could not be loaded.');
    expect(alert.textContent).toContain('APP_NOT_FOUND');
  });
});
