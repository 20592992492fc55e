import { useState, type FormEvent } from 'react';
import type { CreateImAppInput, ImAppView } from '../api/im-api.ts';
import { useServices } from '../app/services-context.tsx';
import { check, hasErrors, maxLength, required, type FieldErrors } from '../validation/rules.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { imUserId, sdkAppId, splitList } from './ImLabels.ts';
import { TextField } from './TextField.tsx';
import { SubmitOrCancel } from './SubmitOrCancel.tsx';

type Field = 'im-app-name' | 'im-app-sdkappid' | 'im-app-admins';
const FIELDS: Field[] = ['im-app-name', 'im-app-sdkappid', 'im-app-admins'];

export interface ImAppDraft {
  name: string;
  sdkAppId: string;
  admins: string;
  autoCreateUsers: boolean;
}

export function validateImApp(d: ImAppDraft): FieldErrors<Field> {
  const admins = splitList(d.admins);
  const badAdmin = admins.map((a) => imUserId(a)).find((m) => m !== undefined);
  return {
    'im-app-name': check(d.name.trim(), required('Name'), maxLength('Name', 100)),
    'im-app-sdkappid': d.sdkAppId.trim() === '' ? undefined : sdkAppId(d.sdkAppId.trim()),
    'im-app-admins': admins.length > 20 ? 'At most 20 admins.' : badAdmin,
  };
}

export function toCreateImApp(d: ImAppDraft): CreateImAppInput {
  const admins = splitList(d.admins);
  return {
    name: d.name.trim(),
    ...(d.sdkAppId.trim() === '' ? {} : { sdkAppId: Number(d.sdkAppId.trim()) }),
    ...(admins.length === 0 ? {} : { admins }),
    autoCreateUsers: d.autoCreateUsers,
  };
}

const EMPTY: ImAppDraft = { name: '', sdkAppId: '', admins: '', autoCreateUsers: false };

/** Creates an IM app (POST /api/im/apps): a name, an SDKAppID (allocated when left empty), its admins. */
export function ImAppCreateForm({ onCreated, onCancel }: { onCreated: (app: ImAppView) => void; onCancel: () => void }) {
  const services = useServices();
  const [draft, setDraft] = useState<ImAppDraft>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ImAppDraft>(key: K) => (value: ImAppDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateImApp(draft);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(FIELDS, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onCreated(await services.im.create(toCreateImApp(draft)));
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      <TextField id="im-app-name" label="Name" value={draft.name} onChange={set('name')} error={errors['im-app-name']} required maxLength={100} />
      <TextField
        id="im-app-sdkappid" label="SDKAppID" value={draft.sdkAppId} onChange={set('sdkAppId')} error={errors['im-app-sdkappid']} inputMode="numeric"
        hint="Leave empty to get the next free one from 1400000000 up; give one to keep the ID an existing app is built with."
      />
      <TextField
        id="im-app-admins" label="Admins" value={draft.admins} onChange={set('admins')} error={errors['im-app-admins']} spellCheck={false} autoCapitalize="off"
        placeholder="administrator" hint="UserIDs that may call the REST API (/v4) with their UserSig, separated by commas. Empty: administrator."
      />
      <div className="checkbox">
        <input id="im-app-auto-create" type="checkbox" checked={draft.autoCreateUsers} onChange={(e) => set('autoCreateUsers')(e.target.checked)} aria-describedby="im-app-auto-create-hint" />
        <label htmlFor="im-app-auto-create">Create accounts at first login</label>
      </div>
      <p className="field-hint" id="im-app-auto-create-hint">
        A valid UserSig for an unknown UserID then creates the account; otherwise accounts must be imported first (account_import).
      </p>
      {failure === undefined ? null : <ErrorNotice error={failure} title="The IM app was not created." />}
      <SubmitOrCancel label="Create IM app" busyLabel="Creating…" busy={busy} onCancel={onCancel} />
    </form>
  );
}
