import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.ts';
import { errorText } from './error-text.ts';

const apiError = (status: number, code: string, message: string) => new ApiError({ status, code, message });

describe('error wording', () => {
  it("keeps the server's message and code", () => {
    expect(errorText(apiError(409, 'APP_EXISTS', 'The product already has an ios app'))).toEqual({ message: 'The product already has an ios app', code: 'APP_EXISTS' });
  });

  it('says what to do for a read-only account and for a refused cross-site change, which are not the same 403', () => {
    expect(errorText(apiError(403, 'CONSOLE_READ_ONLY', 'This console account is read-only')).message).toMatch(/^Your account is read-only: ask an admin/);
    expect(errorText(apiError(403, 'CONSOLE_CSRF_REJECTED', 'A console change needs the X-CSRF-Token')).message).toMatch(/^The server refused this change as not coming from the console itself/);
  });

  it('has no code to show for a network failure', () => {
    expect(errorText(new ApiError({ status: 0, code: 'NETWORK', message: 'The server could not be reached.' }))).toEqual({ message: 'The server could not be reached.' });
  });
});
