import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { ADMIN, renderWith } from '../test/render.tsx';
import { ImUserSigForm } from './ImUserSigForm.tsx';

const submit = () => userEvent.click(screen.getByRole('button', { name: 'Generate UserSig' }));

describe('the UserSig generator', () => {
  it('checks the UserID and the validity before asking the server', async () => {
    const stub = stubFetch();
    renderWith(<ImUserSigForm sdkAppId={1400000001} />, { stub, session: ADMIN });
    await submit();
    expect(document.getElementById('usersig-user-error')?.textContent).toBe('The UserID is required.');
    await userEvent.type(screen.getByLabelText(/^UserID/), 'bob');
    await userEvent.clear(screen.getByLabelText(/^Valid for/));
    await userEvent.type(screen.getByLabelText(/^Valid for/), '0');
    await submit();
    expect(document.getElementById('usersig-user-error')).toBeNull();
    expect(document.getElementById('usersig-days-error')?.textContent).toMatch(/^Use a whole number of days/);
    expect(document.activeElement).toBe(screen.getByLabelText(/^Valid for/));
    expect(stub.calls).toHaveLength(0);
  });

  it('has the server sign it and shows the UserSig with its expiry', async () => {
    const stub = stubFetch({
      'POST /api/im/apps/1400000001/usersig': (call) => ({ body: { sdkAppId: 1400000001, userId: 'bob', userSig: 'eJyrVkrxc-signed', expireSeconds: (call.body as { expireSeconds: number }).expireSeconds, expiresAt: 1718600000000 } }),
    });
    renderWith(<ImUserSigForm sdkAppId={1400000001} />, { stub, session: ADMIN });
    await userEvent.type(screen.getByLabelText(/^UserID/), 'bob');
    await userEvent.clear(screen.getByLabelText(/^Valid for/));
    await userEvent.type(screen.getByLabelText(/^Valid for/), '7');
    await submit();
    expect((await screen.findByTestId('usersig-value')).textContent).toBe('eJyrVkrxc-signed');
    expect(screen.getByRole('status').textContent).toContain('valid 7 days');
    expect(stub.callsTo('POST /api/im/apps/1400000001/usersig')[0]?.body).toEqual({ userId: 'bob', expireSeconds: 7 * 86400 });
  });

  it("shows the server's refusal", async () => {
    const stub = stubFetch({ 'POST /api/im/apps/1400000001/usersig': heraldError(403, 'CONSOLE_READ_ONLY', 'This account can only read') });
    renderWith(<ImUserSigForm sdkAppId={1400000001} />, { stub, session: ADMIN });
    await userEvent.type(screen.getByLabelText(/^UserID/), 'bob');
    await submit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No UserSig was made.');
    expect(alert.textContent).toContain('CONSOLE_READ_ONLY');
    expect(screen.queryByTestId('usersig-value')).toBeNull();
  });
});
