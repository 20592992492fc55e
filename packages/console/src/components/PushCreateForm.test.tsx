import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PushPlan } from '../api/push-api.ts';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, ANDROID_APP, IOS_APP, renderWith } from '../test/render.tsx';
import { PushCreateForm } from './PushCreateForm.tsx';

const PATH = `POST /api/apps/${IOS_APP.accessId}/pushes`;
const ZERO = { targeted: 0, sent: 0, arrived: 0, clicked: 0, failed: 0, invalid: 0, expired: 0 };
const plan = (planId: string, planName: string, planPushSource: string): PushPlan => ({
  planId, planName, planDescribe: '', planPushSource, createdAt: 0, updatedAt: 0, taskCount: 0, funnel: { channels: [], total: ZERO },
});
const PLANS = [plan(`default_${IOS_APP.accessId}`, 'Default plan', 'default'), plan(`im_${IOS_APP.accessId}_1400000001`, 'IM message', 'im')];

function errorOf(label: RegExp): string | null {
  const id = screen.getByLabelText(label).getAttribute('aria-describedby')?.split(' ').find((x) => x.endsWith('-error'));
  return id === undefined ? null : (document.getElementById(id)?.textContent ?? null);
}

const submit = () => userEvent.click(screen.getByRole('button', { name: 'Create push' }));

function renderForm(o: { app?: typeof IOS_APP | typeof ANDROID_APP; routes?: Parameters<typeof stubFetch>[0] } = {}) {
  const stub = stubFetch(o.routes);
  const onCreated = vi.fn();
  renderWith(<PushCreateForm app={{ ...(o.app ?? IOS_APP) }} plans={PLANS} onCreated={onCreated} onCancel={vi.fn()} />, { stub, session: ADMIN });
  return { stub, onCreated };
}

describe('the create-push form', () => {
  it('requires the audience, the title and the content before sending anything', async () => {
    const { stub } = renderForm();
    await submit();
    expect(errorOf(/^Tokens/)).toBe('Enter at least one token.');
    expect(errorOf(/^Title/)).toBe('The title is required.');
    expect(errorOf(/^Content/)).toBe('The content is required.');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Tokens/));
    expect(stub.calls).toHaveLength(0);

    await userEvent.selectOptions(screen.getByLabelText('Send to'), 'account_list');
    await userEvent.clear(screen.getByLabelText(/^Account type/));
    await userEvent.type(screen.getByLabelText(/^Account type/), '17');
    await submit();
    expect(errorOf(/^Accounts/)).toBe('Enter at least one account.');
    expect(errorOf(/^Account type/)).toBe('The account type must be 0–16 or 991–1015.');
  });

  it('checks the custom content as a JSON object without "aps", opening its section to show the error', async () => {
    const { stub } = renderForm();
    await userEvent.type(screen.getByLabelText(/^Tokens/), 'tok-1');
    await userEvent.type(screen.getByLabelText(/^Title/), 'Hi');
    await userEvent.type(screen.getByLabelText(/^Content/), 'There');
    const custom = screen.getByLabelText(/Custom content/);
    await userEvent.type(custom, '{{"order": ');
    await submit();
    expect(errorOf(/Custom content/)).toMatch(/^Custom content must be valid JSON/);
    expect(document.activeElement).toBe(custom);
    expect((custom.closest('details') as HTMLDetailsElement).open).toBe(true);

    await userEvent.clear(custom);
    await userEvent.type(custom, '[[1]');
    await submit();
    expect(errorOf(/Custom content/)).toBe('Custom content must be a JSON object, like {"order": 99}.');
    await userEvent.clear(custom);
    await userEvent.type(custom, '{{"aps": {{}}');
    await submit();
    expect(errorOf(/Custom content/)).toMatch(/cannot hold an "aps" key/);
    expect(stub.calls).toHaveLength(0);
  });

  it('schedules only pushes to all devices or tags, and checks the expiry and the badge', async () => {
    renderForm();
    await userEvent.type(screen.getByLabelText(/^Tokens/), 'tok-1');
    await userEvent.type(screen.getByLabelText(/^Title/), 'Hi');
    await userEvent.type(screen.getByLabelText(/^Content/), 'There');
    await userEvent.click(screen.getByLabelText('Send later'));
    await userEvent.type(screen.getByLabelText(/Expiry/), '300000');
    await userEvent.selectOptions(screen.getByLabelText('Badge'), 'set');
    await userEvent.type(screen.getByLabelText(/Badge number/), '-3');
    await submit();
    expect(errorOf(/Badge number/)).toBe('The badge must be 0 or more.');
    expect(errorOf(/^Send time/)).toMatch(/^Only pushes to all devices or to tags can be scheduled/);
    expect(errorOf(/Expiry/)).toBe('The expiry must be 0–259200 seconds.');
  });

  it("shows the server's refusal with its code and keeps what was typed", async () => {
    const { onCreated } = renderForm({ routes: { [PATH]: heraldError(400, 'PUSH_TARGET_NOT_FOUND', 'token_list: 1 token(s) not registered for this app and environment: tok-1') } });
    await userEvent.type(screen.getByLabelText(/^Tokens/), 'tok-1');
    await userEvent.type(screen.getByLabelText(/^Title/), 'Hi');
    await userEvent.type(screen.getByLabelText(/^Content/), 'There');
    await submit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The push was not created.');
    expect(alert.textContent).toContain('not registered for this app and environment');
    expect(alert.textContent).toContain('PUSH_TARGET_NOT_FOUND');
    expect((screen.getByLabelText(/^Tokens/) as HTMLTextAreaElement).value).toBe('tok-1');
    expect((screen.getByRole('button', { name: 'Create push' }) as HTMLButtonElement).disabled).toBe(false);
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('posts the /v3/push/app body with the iOS options, a schedule and a plan', async () => {
    const { stub, onCreated } = renderForm({ routes: { [PATH]: { status: 201, body: { pushId: '1718000000000123', seq: 0, environment: 'dev' } } } });
    await userEvent.selectOptions(screen.getByLabelText('Send to'), 'tag');
    await userEvent.type(screen.getByLabelText(/^Tags/), 'vip, beta');
    await userEvent.selectOptions(screen.getByLabelText('Match'), 'AND');
    await userEvent.selectOptions(screen.getByLabelText('Environment'), 'dev');
    await userEvent.type(screen.getByLabelText(/^Title/), ' Sale ');
    await userEvent.type(screen.getByLabelText(/^Content/), 'Half price');
    await userEvent.selectOptions(screen.getByLabelText('Badge'), 'increment');
    await userEvent.type(screen.getByLabelText(/^Category/), 'ORDER');
    await userEvent.selectOptions(screen.getByLabelText('Interruption level'), 'time-sensitive');
    await userEvent.type(screen.getByLabelText(/Custom content/), '{{"order": 99}');
    await userEvent.click(screen.getByLabelText('Send later'));
    await userEvent.type(screen.getByLabelText(/^Send time/), '2030-06-01T09:30');
    await userEvent.type(screen.getByLabelText(/Expiry/), '3600');
    await userEvent.selectOptions(screen.getByLabelText('Plan'), `im_${IOS_APP.accessId}_1400000001`);
    await submit();
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith({ pushId: '1718000000000123', seq: 0, environment: 'dev' }));
    const [call] = stub.callsTo(PATH);
    expect(call?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
    expect(call?.body).toEqual({
      audience_type: 'tag',
      tag_rules: [{ tag_items: [{ tags: ['vip', 'beta'], is_not: false, tags_operator: 'AND', items_operator: 'OR', tag_type: 'xg_user_define' }], operator: 'OR', is_not: false }],
      message_type: 'notify',
      environment: 'dev',
      message: {
        title: 'Sale', content: 'Half price',
        ios: { aps: { badge_type: -2, sound: 'default', category: 'ORDER', 'interruption-level': 'time-sensitive' }, custom_content: '{"order": 99}' },
      },
      expire_time: 3600,
      send_time: '2030-06-01 09:30:00',
      plan_id: `im_${IOS_APP.accessId}_1400000001`,
    });
  });

  it('sends the Android options (channel, ring, vibrate, click action) for an Android app', async () => {
    const path = `POST /api/apps/${ANDROID_APP.accessId}/pushes`;
    const { stub } = renderForm({ app: ANDROID_APP as never, routes: { [path]: { status: 201, body: { pushId: '1', seq: 0, environment: 'product' } } } });
    expect(screen.queryByLabelText('Interruption level')).toBeNull();
    await userEvent.type(screen.getByLabelText(/^Tokens/), 'tok-1\ntok-2');
    await userEvent.type(screen.getByLabelText(/^Title/), 'Hi');
    await userEvent.type(screen.getByLabelText(/^Content/), 'There');
    await userEvent.type(screen.getByLabelText(/Notification channel ID/), 'orders');
    await userEvent.click(screen.getByLabelText('Vibrate'));
    await userEvent.selectOptions(screen.getByLabelText('On tap'), 'url');
    await userEvent.type(screen.getByLabelText(/^URL/), 'ftp://example.com');
    await submit();
    expect(errorOf(/^URL/)).toBe('Use an http or https URL.');
    await userEvent.clear(screen.getByLabelText(/^URL/));
    await userEvent.type(screen.getByLabelText(/^URL/), 'https://example.com/sale');
    await submit();
    await vi.waitFor(() => expect(stub.callsTo(path)).toHaveLength(1));
    expect(stub.callsTo(path)[0]?.body).toEqual({
      audience_type: 'token_list', token_list: ['tok-1', 'tok-2'], message_type: 'notify', environment: 'product',
      message: { title: 'Hi', content: 'There', android: { n_ch_id: 'orders', ring: 1, vibrate: 0, lights: 1, action: { action_type: 2, browser: { url: 'https://example.com/sale', confirm: 0 } } } },
    });
  });
});
