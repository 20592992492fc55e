import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

afterEach(() => {
  vi.unstubAllGlobals();
});

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
    expect(errorOf(/^Send time/)).toMatch(/^Only pushes to all devices, tags or a package can be scheduled/);
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
  it('pushes to a file of tokens: asks for the upload first, checks the file, shows what the server stored', async () => {
    const upload = `POST /api/apps/${IOS_APP.accessId}/packages`;
    const { stub, onCreated } = renderForm({
      routes: { [upload]: { status: 201, body: { uploadId: 7, fileName: 'tokens.txt', count: 3 } }, [PATH]: { status: 201, body: { pushId: '9', seq: 0, environment: 'product' } } },
    });
    await userEvent.selectOptions(screen.getByLabelText('Send to'), 'package_token_push');
    await userEvent.type(screen.getByLabelText(/^Title/), 'Hi');
    await userEvent.type(screen.getByLabelText(/^Content/), 'There');
    await submit();
    expect(errorOf(/^Tokens file/)).toBe('Upload a file of tokens first.');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Tokens file/));

    const user = userEvent.setup({ applyAccept: false });
    await user.upload(screen.getByLabelText(/^Tokens file/), new File(['MZ'], 'evil.exe'));
    expect(errorOf(/^Tokens file/)).toBe('Choose a .txt or .csv file (one per line), or a .zip holding one.');
    expect(stub.callsTo(upload)).toHaveLength(0);

    await user.upload(screen.getByLabelText(/^Tokens file/), new File(['t1\nt2\nt3\n'], 'tokens.txt', { type: 'text/plain' }));
    await screen.findByText('tokens.txt: 3 tokens, upload 7.');
    expect(stub.callsTo(upload)[0]?.headers.get('X-CSRF-Token')).toBe(ADMIN.csrfToken);
    await submit();
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(stub.callsTo(PATH)[0]?.body).toMatchObject({ audience_type: 'package_token_push', upload_id: 7 });
    expect(stub.callsTo(PATH)[0]?.body).not.toHaveProperty('token_list');
  });

  it("shows the server's refusal of a file with its code, and asks for the account type of an account file", async () => {
    const upload = `POST /api/apps/${IOS_APP.accessId}/packages`;
    const { stub } = renderForm({ routes: { [upload]: heraldError(400, 'UPLOAD_EMPTY', 'file: no ids in the package') } });
    await userEvent.selectOptions(screen.getByLabelText('Send to'), 'package_account_push');
    expect(screen.getByLabelText(/^Account type/)).toBeTruthy();
    await userEvent.upload(screen.getByLabelText(/^Accounts file/), new File(['\n\n'], 'accounts.csv', { type: 'text/csv' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The file was not uploaded.');
    expect(alert.textContent).toContain('UPLOAD_EMPTY');
    await submit();
    expect(errorOf(/^Accounts file/)).toBe('Upload a file of accounts first.');
    expect(stub.callsTo(PATH)).toHaveLength(0);
  });

  it('checks the vendor channels as the server does, opening them, and sends the fields and the channel rules', async () => {
    const path = `POST /api/apps/${ANDROID_APP.accessId}/pushes`;
    const { stub } = renderForm({ app: ANDROID_APP as never, routes: { [path]: { status: 201, body: { pushId: '1', seq: 0, environment: 'product' } } } });
    await userEvent.type(screen.getByLabelText(/^Tokens/), 'tok-1');
    await userEvent.type(screen.getByLabelText(/^Title/), 'Hi');
    await userEvent.type(screen.getByLabelText(/^Content/), 'There');
    await userEvent.click(screen.getByText('Vendor channels'));
    await userEvent.type(screen.getByLabelText(/^OPPO category/), 'NEWS');
    await userEvent.selectOptions(screen.getByLabelText(/^OPPO reminder level/), '16');
    await userEvent.type(screen.getByLabelText(/^FCM image/), 'http://cdn.example.com/a.png');
    await userEvent.type(screen.getByLabelText(/^vivo category/), 'im');
    await userEvent.click(screen.getByText('Vendor channels'));
    await submit();
    expect((screen.getByText('Vendor channels').closest('details') as HTMLDetailsElement).open).toBe(true);
    expect(errorOf(/^FCM image/)).toBe('The FCM image must be an https URL.');
    expect(errorOf(/^OPPO reminder level/)).toBe('Level 16 (banner, ring and vibrate) is for the IM category only.');
    expect(errorOf(/^vivo category/)).toMatch(/upper-case word/);
    expect(document.activeElement).toBe(screen.getByLabelText(/^FCM image/));
    expect(stub.callsTo(path)).toHaveLength(0);

    await userEvent.clear(screen.getByLabelText(/^OPPO category/));
    await submit();
    expect(errorOf(/^OPPO reminder level/)).toBe('A reminder level needs an OPPO category.');

    await userEvent.type(screen.getByLabelText(/^OPPO category/), 'IM');
    await userEvent.clear(screen.getByLabelText(/^FCM image/));
    await userEvent.type(screen.getByLabelText(/^FCM image/), 'https://cdn.example.com/a.png');
    await userEvent.selectOptions(screen.getByLabelText(/^FCM priority/), 'high');
    await userEvent.clear(screen.getByLabelText(/^vivo category/));
    await userEvent.selectOptions(screen.getByLabelText(/^vivo classification/), '1');
    await userEvent.selectOptions(screen.getByLabelText(/^Huawei reminder/), '2');
    await userEvent.type(screen.getByLabelText(/^Xiaomi channel ID/), 'orders');
    await userEvent.selectOptions(screen.getByLabelText(/^Meizu message type/), '1');
    const honorOff = screen.getAllByLabelText('Do not use this channel')[2] as HTMLInputElement;
    expect(honorOff.id).toBe('push-channel-off-honor');
    await userEvent.click(honorOff);
    expect(screen.queryByLabelText(/^Honor image/)).toBeNull();
    await submit();
    await vi.waitFor(() => expect(stub.callsTo(path)).toHaveLength(1));
    expect(stub.callsTo(path)[0]?.body).toEqual({
      audience_type: 'token_list', token_list: ['tok-1'], message_type: 'notify', environment: 'product',
      message: {
        title: 'Hi', content: 'There',
        android: {
          ring: 1, vibrate: 1, lights: 1, xm_ch_id: 'orders', hw_importance: 2, fcm_priority: 'high', fcm_image: 'https://cdn.example.com/a.png',
          oppo_category: 'IM', oppo_notify_level: 16, vivo_ch_id: '1', mz_notice_msg_type: 1,
        },
      },
      channel_rules: [{ channel: 'honor', disable: true }],
    });
  });

  it('offers no vendor channels to an iOS app', () => {
    renderForm();
    expect(screen.queryByText('Vendor channels')).toBeNull();
  });

  it('loops only broadcast pushes and checks the loop as the server does', async () => {
    const { stub } = renderForm({ routes: { [PATH]: { status: 201, body: { pushId: '2', seq: 0, environment: 'product' } } } });
    await userEvent.type(screen.getByLabelText(/^Tokens/), 'tok-1');
    await userEvent.type(screen.getByLabelText(/^Title/), 'Hi');
    await userEvent.type(screen.getByLabelText(/^Content/), 'There');
    await userEvent.click(screen.getByText('Schedule, expiry and plan'));
    await userEvent.click(screen.getByLabelText('Loop'));
    await submit();
    expect(errorOf(/^First day/)).toMatch(/^Only pushes to all devices, tags or a package can loop/);

    await userEvent.selectOptions(screen.getByLabelText('Send to'), 'all');
    await userEvent.selectOptions(screen.getByLabelText('Repeat'), '2');
    await userEvent.type(screen.getByLabelText(/^First day/), '2030-06-10');
    await userEvent.type(screen.getByLabelText(/^Last day/), '2030-06-01');
    await userEvent.type(screen.getByLabelText(/^Days/), '1, 7');
    await userEvent.type(screen.getByLabelText(/^Times of day/), '25:00');
    await submit();
    expect(errorOf(/^Last day/)).toBe('The last day cannot be before the first.');
    expect(errorOf(/^Days/)).toBe('Each day is a number from 0 to 6.');
    expect(errorOf(/^Times of day/)).toBe('Use times of day like 09:30:00 (24-hour clock).');
    expect(stub.callsTo(PATH)).toHaveLength(0);
  });

  it('sends a valid loop as loop_param', async () => {
    const { stub } = renderForm({ routes: { [PATH]: { status: 201, body: { pushId: '3', seq: 0, environment: 'product' } } } });
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await userEvent.selectOptions(screen.getByLabelText('Send to'), 'all');
    await userEvent.type(screen.getByLabelText(/^Title/), 'Hi');
    await userEvent.type(screen.getByLabelText(/^Content/), 'There');
    await userEvent.click(screen.getByText('Schedule, expiry and plan'));
    await userEvent.click(screen.getByLabelText('Loop'));
    await userEvent.selectOptions(screen.getByLabelText('Repeat'), '3');
    await userEvent.type(screen.getByLabelText(/^First day/), day(1));
    await userEvent.type(screen.getByLabelText(/^Last day/), day(120));
    await userEvent.type(screen.getByLabelText(/^Days/), '1, 15');
    await userEvent.type(screen.getByLabelText(/^Times of day/), '09:30, 18:00:05');
    await submit();
    expect(errorOf(/^Last day/)).toBe('The last day is at most 90 days ahead.');
    await userEvent.clear(screen.getByLabelText(/^Last day/));
    await userEvent.type(screen.getByLabelText(/^Last day/), day(30));
    await submit();
    await vi.waitFor(() => expect(stub.callsTo(PATH)).toHaveLength(1));
    expect(stub.callsTo(PATH)[0]?.body).toMatchObject({
      audience_type: 'all',
      loop_param: { startDate: day(1), endDate: day(30), loopType: 3, loopDayIndexs: [1, 15], dayTimes: ['09:30:00', '18:00:05'] },
    });
  });
});
