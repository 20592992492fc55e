import { errorText } from './error-text.ts';

/** A failed call, said where it happened; `onRetry` adds a button to try again. */
export function ErrorNotice({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const { message, code } = errorText(error);
  return (
    <div className="notice notice-error" role="alert">
      {title === undefined ? null : <p className="notice-title">{title}</p>}
      <p>
        {message}
        {code === undefined ? null : (
          <>
            {' '}
            <code className="error-code">{code}</code>
          </>
        )}
      </p>
      {onRetry === undefined ? null : (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
