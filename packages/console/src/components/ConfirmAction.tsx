import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A destructive action in two steps, inline (no blocking browser dialog): the button opens a short question with
 * "confirm" and "cancel"; focus moves to the question's confirm button and back to the action on cancel.
 */
export function ConfirmAction({
  label, question, confirmLabel, onConfirm, busy = false, danger = true,
}: { label: string; question: ReactNode; confirmLabel: string; onConfirm: () => void; busy?: boolean; danger?: boolean }) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) openRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" ref={openRef} className={danger ? 'button button-danger' : 'button button-secondary'} onClick={() => setAsking(true)} disabled={busy}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={label}>
      <p>{question}</p>
      <button
        type="button"
        ref={confirmRef}
        className={danger ? 'button button-danger' : 'button'}
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
