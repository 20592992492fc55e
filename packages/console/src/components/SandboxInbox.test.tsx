import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SandboxDevice, SandboxNotification } from '../api/sandbox-api.ts';
import { useServices } from '../app/services-context.tsx';
import { heraldError, stubFetch, type StubCall } from '../test/fetch-stub.ts';
import { renderWith, VIEWER } from '../test/render.tsx';
import { SandboxInbox } from './SandboxInbox.tsx';

const DEVICE: SandboxDevice = {
  id: 'dev-1', name: 'iPhone 1', channel: 'apns', accessId: 1500000000, environment: 'dev', vendorToken: 'ab'.repeat(32),
  heraldToken: '0123456789abcdef0123456789abcdef0123', createdAt: '2024-06-10T08:00:00.000Z', received: 0,
};
const INBOX = 'GET /api/sandbox/devices/dev-1/inbox';

function note(index: number, extra: Partial<SandboxNotification> = {}): SandboxNotification {
  return { index, receivedAt: `2024-06-10T08:00:0${index}.000Z`, title: `Sale ${index}`, body: `Body ${index}`, raw: { aps: { alert: { title: `Sale ${index}` } } }, ...extra };
}

/** The emulator's inbox as the server pages it: everything from `after` on, and the total. */
function serverInbox() {
  const received: SandboxNotification[] = [];
  const route = (call: StubCall) => {
    const after = Number(call.query.get('after'));
    return { body: { deviceId: 'dev-1', notifications: received.slice(after), next: received.length } };
  };
  return { received, route };
}

function Inbox({ onCount }: { onCount?: (n: number) => void }) {
  const services = useServices();
  return <SandboxInbox api={services.sandbox} device={DEVICE} {...(onCount === undefined ? {} : { onCount })} />;
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('the sandbox inbox', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    setVisibility('visible');
    vi.useRealTimers();
  });

  it('polls every 1.5 s for what came after the last count, and appends what is new in a live log', async () => {
    const server = serverInbox();
    const stub = stubFetch({ [INBOX]: server.route });
    const onCount = vi.fn();
    renderWith(<Inbox onCount={onCount} />, { stub, session: VIEWER });
    const region = screen.getByRole('region', { name: 'Received on iPhone 1' });
    await vi.waitFor(() => expect(within(region).getByText(/Nothing received yet/)).toBeTruthy());
    expect(stub.callsTo(INBOX).map((c) => c.query.get('after'))).toEqual(['0']);

    server.received.push(note(0, { badge: 3, sound: 'default', custom: '{"order":99}' }), note(1, { title: undefined }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(stub.callsTo(INBOX)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    const log = within(region).getByRole('log');
    await vi.waitFor(() => expect(within(log).getAllByRole('listitem')).toHaveLength(2));
    const first = within(log).getByRole('listitem', { name: 'Sale 0' });
    expect(first.textContent).toContain('Body 0');
    expect(within(first).getByText('3')).toBeTruthy();
    expect(within(first).getByText('default')).toBeTruthy();
    expect(within(first).getByText('{"order":99}')).toBeTruthy();
    expect(within(first).getByText('Raw payload').closest('details')?.textContent).toContain('"alert"');
    expect(within(log).getByRole('listitem', { name: '(no title)' }).textContent).toContain('Body 1');
    expect(onCount).toHaveBeenLastCalledWith(2);

    server.received.push(note(2));
    await vi.advanceTimersByTimeAsync(1500);
    await vi.waitFor(() => expect(within(log).getAllByRole('listitem')).toHaveLength(3));
    expect(within(log).getAllByRole('listitem').map((li) => li.getAttribute('aria-labelledby'))).toEqual([
      'sandbox-notification-dev-1-0', 'sandbox-notification-dev-1-1', 'sandbox-notification-dev-1-2',
    ]);
    expect(stub.callsTo(INBOX).map((c) => c.query.get('after'))).toEqual(['0', '0', '2']);
    expect(log.getAttribute('aria-live')).toBe('polite');
  });

  it('does not poll while the page is hidden, and catches up as soon as it is shown', async () => {
    const server = serverInbox();
    const stub = stubFetch({ [INBOX]: server.route });
    renderWith(<Inbox />, { stub, session: VIEWER });
    await vi.waitFor(() => expect(screen.getByText(/Nothing received yet/)).toBeTruthy());
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(6000);
    expect(stub.callsTo(INBOX)).toHaveLength(1);
    server.received.push(note(0));
    setVisibility('visible');
    await vi.waitFor(() => expect(screen.getByRole('listitem', { name: 'Sale 0' })).toBeTruthy());
    expect(stub.callsTo(INBOX)).toHaveLength(2);
  });

  it('keeps trying after a failed poll, and stops when the device is gone', async () => {
    const server = serverInbox();
    const stub = stubFetch({ [INBOX]: heraldError(503, 'SERVICE_UNAVAILABLE', 'Try later') });
    renderWith(<Inbox />, { stub, session: VIEWER });
    const alert = await vi.waitFor(() => screen.getByRole('alert'));
    expect(alert.textContent).toContain('trying again');
    expect(alert.textContent).toContain('SERVICE_UNAVAILABLE');

    server.received.push(note(0));
    stub.on(INBOX, server.route);
    await vi.advanceTimersByTimeAsync(1500);
    await vi.waitFor(() => expect(screen.getByRole('listitem', { name: 'Sale 0' })).toBeTruthy());
    expect(screen.queryByRole('alert')).toBeNull();

    stub.on(INBOX, heraldError(404, 'SANDBOX_OFF', 'Sandbox mode is off'));
    await vi.advanceTimersByTimeAsync(1500);
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('SANDBOX_OFF'));
    const calls = stub.callsTo(INBOX).length;
    await vi.advanceTimersByTimeAsync(6000);
    expect(stub.callsTo(INBOX)).toHaveLength(calls);
    expect(screen.getByRole('listitem', { name: 'Sale 0' })).toBeTruthy();
  });
});
