import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { heraldError, stubFetch } from '../test/fetch-stub.ts';
import { renderWith } from '../test/render.tsx';
import { SignInPage } from './SignInPage.tsx';

const SESSION = { username: 'root', role: 'admin', csrfToken: 'csrf-1' };

describe('the sign-in form', () => {
  it('asks for both fields before sending anything, and puts focus on the first missing one', async () => {
    const stub = stubFetch();
    renderWith(<SignInPage onSignedIn={vi.fn()} />, { stub });
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Username is required.')).toBeTruthy();
    expect(screen.getByText('Password is required.')).toBeTruthy();
    expect(screen.getByLabelText(/Username/).getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText(/Username/));
    expect(stub.calls).toHaveLength(0);

    await userEvent.type(screen.getByLabelText(/Username/), 'root');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.queryByText('Username is required.')).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText(/Password/));
    expect(stub.calls).toHaveLength(0);
  });

  it('says the credentials are wrong on a 401, clears the password, and does not sign in', async () => {
    const stub = stubFetch({ 'POST /console/api/session': heraldError(401, 'CONSOLE_SIGN_IN_FAILED', 'Wrong username or password') });
    const onSignedIn = vi.fn();
    renderWith(<SignInPage onSignedIn={onSignedIn} />, { stub });
    await userEvent.type(screen.getByLabelText(/Username/), 'root');
    await userEvent.type(screen.getByLabelText(/Password/), 'not-the-password{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong username or password.');
    expect((screen.getByLabelText(/Password/) as HTMLInputElement).value).toBe('');
    expect(stub.callsTo('POST /console/api/session')[0]?.body).toEqual({ username: 'root', password: 'not-the-password' });
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('on a 429 says how long to wait (from Retry-After) and keeps the button disabled meanwhile', async () => {
    const stub = stubFetch({ 'POST /console/api/session': { ...heraldError(429, 'RATE_LIMITED', 'Too many sign-in attempts'), headers: { 'retry-after': '30' } } });
    renderWith(<SignInPage onSignedIn={vi.fn()} />, { stub });
    await userEvent.type(screen.getByLabelText(/Username/), 'root');
    await userEvent.type(screen.getByLabelText(/Password/), 'guess-number-six{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Too many sign-in attempts\. Try again in (30|29) seconds\./);
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows any other failure with the server's message and code", async () => {
    const stub = stubFetch({ 'POST /console/api/session': heraldError(500, 'INTERNAL', 'Internal error') });
    renderWith(<SignInPage onSignedIn={vi.fn()} />, { stub });
    await userEvent.type(screen.getByLabelText(/Username/), 'root');
    await userEvent.type(screen.getByLabelText(/Password/), 'whatever-it-is{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Signing in failed.');
    expect(alert.textContent).toContain('Internal error');
    expect(alert.textContent).toContain('INTERNAL');
  });

  it('hands the session over on success', async () => {
    const stub = stubFetch({ 'POST /console/api/session': { body: SESSION } });
    const onSignedIn = vi.fn();
    renderWith(<SignInPage initialUsername="root" notice="Admin root created. Sign in with it." onSignedIn={onSignedIn} />, { stub });
    expect(screen.getByRole('status').textContent).toContain('Admin root created');
    expect(document.activeElement).toBe(screen.getByLabelText(/Password/));
    await userEvent.type(screen.getByLabelText(/Password/), 'correct horse battery{Enter}');
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(SESSION));
  });
});
