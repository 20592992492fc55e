import type { ReactNode } from 'react';

/** The ids a field's hint and error get, and the aria-describedby that announces both with the control. */
export function fieldDescription(id: string, hint: ReactNode | undefined, error: ReactNode | undefined) {
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = error === undefined ? undefined : `${id}-error`;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ') || undefined;
  return { hintId, errorId, describedBy };
}

/** A field's hint and error paragraphs, under the ids fieldDescription gave them. */
export function FieldMessages({ id, hint, error }: { id: string; hint: ReactNode | undefined; error: ReactNode | undefined }) {
  const { hintId, errorId } = fieldDescription(id, hint, error);
  return (
    <>
      {hint === undefined ? null : <p className="field-hint" id={hintId}>{hint}</p>}
      {error === undefined ? null : <p className="field-error" id={errorId}>{error}</p>}
    </>
  );
}
