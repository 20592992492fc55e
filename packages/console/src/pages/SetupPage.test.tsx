import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { renderWith } from '../test/render.tsx';
import { SetupPage } from './SetupPage.tsx';

async function fill(o: { token?: string; username?: string; password?: string; confirm?: string }) {
  if (o.token !== undefined) await userEvent.type(screen.getByLabelText(/Setup token/), o.token);
  if (o.username !== undefined) await userEvent.type(screen.getByLabelText(/^Username/), o.username);
  if (o.password !== undefined) await userEvent.type(screen.getByLabelText(/^Password/), o.password);
  if (o.confirm !== undefined) await userEvent.type(screen.getByLabelText(/Repeat the password/), o.confirm);
  await userEvent.click(screen.getByRole('button', { name: 'Create admin' }));
}

function errorOf(label: RegExp): string | null {
  const input = screen.getByLabelText(label);
  const id = input.getAttribute('aria-describedby')?.split(' ').find((x) => x.endsWith('-error'));
  return id === undefined ? null : (document.getElementById(id)?.textContent ?? null);
}

describe('the first-admin setup form', () => {
  it('requires every field', async () => {
    const stub = stubFetch();
    renderWith(<SetupPage onDone={vi.fn()} onAlreadySetUp={vi.fn()} />, { stub });
    await fill({});
    expect(errorOf(/Setup token/)).toBe('The setup token is required.');
    expect(errorOf(/^Username/)).toBe('Username is required.');
    expect(errorOf(/^Password/)).toBe('Password is required.');
    expect(errorOf(/Repeat the password/)).toBe('Type the password again.');
    expect(document.activeElement).toBe(screen.getByLabelText(/Setup token/));
    expect(stub.calls).toHaveLength(0);
  });

  it('applies the password rules: length, not the username, not one repeated character, typed twice the same', async () => {
    const stub = stubFetch();
    renderWith(<SetupPage onDone={vi.fn()} onAlreadySetUp={vi.fn()} />, { stub });
    await fill({ token: 'tok', username: 'root', password: 'short', confirm: 'short' });
    expect(errorOf(/^Password/)).toBe('Use at least 12 characters.');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Password/));

    await userEvent.clear(screen.getByLabelText(/^Username/));
    await fill({ username: 'administrator' });
    await userEvent.clear(screen.getByLabelText(/^Password/));
    await fill({ password: 'Administrator' });
    expect(errorOf(/^Password/)).toBe('The password cannot be the username.');

    await userEvent.clear(screen.getByLabelText(/^Password/));
    await fill({ password: 'aaaaaaaaaaaaaa' });
    expect(errorOf(/^Password/)).toBe('The password cannot be one character repeated.');

    await userEvent.clear(screen.getByLabelText(/^Password/));
    await fill({ password: 'a long enough password' });
    expect(errorOf(/^Password/)).toBeNull();
    expect(errorOf(/Repeat the password/)).toBe('The passwords do not match.');
    expect(screen.getByText('At least 12 characters, not the username.')).toBeTruthy();
    expect(stub.calls).toHaveLength(0);
  });

  it('refuses a username with spaces', async () => {
    renderWith(<SetupPage onDone={vi.fn()} onAlreadySetUp={vi.fn()} />, { stub: stubFetch() });
    await fill({ username: 'the admin' });
    expect(errorOf(/^Username/)).toBe('A username cannot contain spaces.');
  });

  it("shows the server's refusal (a wrong setup token) and stays on the form", async () => {
    const stub = stubFetch({ 'POST /console/api/setup': heraldError(403, 'CONSOLE_SETUP_TOKEN_INVALID', 'The setup token is wrong') });
    const onDone = vi.fn();
    renderWith(<SetupPage onDone={onDone} onAlreadySetUp={vi.fn()} />, { stub });
    await fill({ token: 'wrong-token', username: 'root', password: 'a long enough password', confirm: 'a long enough password' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The admin was not created.');
    expect(alert.textContent).toContain('The setup token is wrong');
    expect(alert.textContent).toContain('CONSOLE_SETUP_TOKEN_INVALID');
    expect(onDone).not.toHaveBeenCalled();
  });

  it('sends the token, username and password, and reports the created admin', async () => {
    const stub = stubFetch({ 'POST /console/api/setup': { status: 201, body: { username: 'root', role: 'admin' } } });
    const onDone = vi.fn();
    renderWith(<SetupPage onDone={onDone} onAlreadySetUp={vi.fn()} />, { stub });
    await fill({ token: '  setup-tok-1  ', username: 'root', password: 'a long enough password', confirm: 'a long enough password' });
    await vi.waitFor(() => expect(onDone).toHaveBeenCalledWith('root'));
    expect(stub.callsTo('POST /console/api/setup')[0]?.body).toEqual({ setupToken: 'setup-tok-1', username: 'root', password: 'a long enough password' });
  });

  it('moves on when another admin was created meanwhile (setup already done)', async () => {
    const stub = stubFetch({ 'POST /console/api/setup': heraldError(409, 'CONSOLE_SETUP_DONE', 'The console already has an admin; sign in instead') });
    const onAlreadySetUp = vi.fn();
    renderWith(<SetupPage onDone={vi.fn()} onAlreadySetUp={onAlreadySetUp} />, { stub });
    await fill({ token: 'tok', username: 'root', password: 'a long enough password', confirm: 'a long enough password' });
    await vi.waitFor(() => expect(onAlreadySetUp).toHaveBeenCalledTimes(1));
  });
});
