import { STATE_MEANING } from './ImLabels.ts';

/** A device state under Tencent's name, coloured, with what it means for offline push said to screen readers and on hover. */
export function ImStateBadge({ state }: { state: string }) {
  const meaning = STATE_MEANING[state];
  return (
    <span className={`im-state im-state-${state.toLowerCase()}`} title={meaning}>
      {state}
      {meaning === undefined ? null : <span className="visually-hidden"> ({meaning})</span>}
    </span>
  );
}
