import type { FieldErrors } from '../validation/rules.ts';
import { DAY_RANGE, type LoopDraft, type LoopField, type LoopType } from '../validation/push-loop.ts';
import { Checkbox, SelectField } from './PushFormFields.tsx';
import { TextField } from './TextField.tsx';

/**
 * A loop push (`loop_param`): from a first to a last day, daily, on days of the week or of the month, at times
 * of day. Herald checks and keeps it but sends the task once for now (docs/push-api.md), which the hint says.
 */
export function PushLoopFields({ value, onChange, errors, allowed }: { value: LoopDraft; onChange: (patch: Partial<LoopDraft>) => void; errors: FieldErrors<LoopField>; allowed: boolean }) {
  const [lo, hi] = DAY_RANGE[value.loopType];
  return (
    <>
      <Checkbox id="push-loop" label="Loop" checked={value.loop} onChange={(loop) => onChange({ loop })} />
      {value.loop ? (
        <>
          <p className="field-hint">
            {allowed ? 'Herald checks and keeps the loop with the task, but sends the push once (at the send time, or now): recurrence is not scheduled yet.' : 'Only pushes to all devices, tags or a package can loop.'}
          </p>
          <SelectField<LoopType> id="push-loop-type" label="Repeat" value={value.loopType} onChange={(loopType) => onChange({ loopType })} options={[['1', 'Every day'], ['2', 'On days of the week'], ['3', 'On days of the month']]} />
          <TextField id="push-loop-start" label="First day" type="date" value={value.loopStart} onChange={(loopStart) => onChange({ loopStart })} error={errors['push-loop-start']} />
          <TextField id="push-loop-end" label="Last day" type="date" value={value.loopEnd} onChange={(loopEnd) => onChange({ loopEnd })} error={errors['push-loop-end']} hint="At most 90 days ahead." />
          {value.loopType === '1' ? null : (
            <TextField
              id="push-loop-days" label="Days" value={value.loopDays} onChange={(loopDays) => onChange({ loopDays })} error={errors['push-loop-days']} inputMode="numeric"
              hint={value.loopType === '2' ? `Days of the week as TPNS numbers them, ${lo}–${hi}, comma-separated.` : `Days of the month, ${lo}–${hi}, comma-separated.`}
            />
          )}
          <TextField id="push-loop-times" label="Times of day" value={value.loopTimes} onChange={(loopTimes) => onChange({ loopTimes })} error={errors['push-loop-times']} placeholder="09:30:00, 18:00:00" hint="In the server’s TPNS time zone, comma-separated." />
        </>
      ) : null}
    </>
  );
}
