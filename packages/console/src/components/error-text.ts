/** What to tell the user about a failed call: the server's own message, with wording for the codes a page cannot fix. */
import { ApiError } from '../api/api-error.ts';

export interface ErrorText {
  message: string;
  code?: string;
}

/** Codes whose remedy is not on the page that met them. */
const REMEDY: Record<string, string> = {
  CONSOLE_READ_ONLY: 'Your account is read-only: ask an admin to make this change.',
  CONSOLE_CSRF_REJECTED: 'The server refused this change as not coming from the console itself. Reload the page and try again.',
};

export function errorText(error: unknown): ErrorText {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return { message: error.message };
    const remedy = REMEDY[error.code];
    return { message: remedy === undefined ? error.message : `${remedy} (${error.message})`, code: error.code };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
