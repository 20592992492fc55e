import { useState, type FormEvent } from 'react';
import type { SandboxApi, SandboxDevice } from '../api/sandbox-api.ts';
import { Link } from '../app/router.tsx';
import { check, hasErrors, maxLength, required, type FieldErrors } from '../validation/rules.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { focusFirstError } from './focus-first-error.ts';
import { TextAreaField } from './TextAreaField.tsx';
import { TextField } from './TextField.tsx';

type Field = 'sandbox-push-title' | 'sandbox-push-content';
const FIELDS: Field[] = ['sandbox-push-title', 'sandbox-push-content'];
export const TEST_PUSH_CONTENT_MAX = 4000;

export function validateTestPush(d: { title: string; content: string }): FieldErrors<Field> {
  return {
    'sandbox-push-title': check(d.title.trim(), maxLength('The title', TEST_PUSH_CONTENT_MAX)),
    'sandbox-push-content': check(d.content.trim(), required('The content'), maxLength('The content', TEST_PUSH_CONTENT_MAX)),
  };
}

/**
 * A test push to one virtual device (POST …/test-push), sent through Herald's own pipeline as a token push, so it
 * also shows up in the app's push tasks and funnel.
 */
export function SandboxTestPushForm({ api, device }: { api: SandboxApi; device: SandboxDevice }) {
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [failure, setFailure] = useState<unknown>();
  const [sent, setSent] = useState<string>();
  const [busy, setBusy] = useState(false);
  const titleId = `sandbox-push-${device.id}-title`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateTestPush({ title, content });
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(FIELDS, found);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    setSent(undefined);
    try {
      const t = title.trim();
      const { pushId } = await api.testPush(device.id, { ...(t === '' ? {} : { title: t }), content: content.trim() });
      setSent(pushId);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form sandbox-push-form" aria-labelledby={titleId}>
      <h3 id={titleId}>Test push to {device.name}</h3>
      <TextField id="sandbox-push-title" label="Title" value={title} onChange={setTitle} error={errors['sandbox-push-title']} hint="Optional." autoComplete="off" />
      <TextAreaField
        id="sandbox-push-content" label="Content" value={content} onChange={setContent} error={errors['sandbox-push-content']} rows={3}
        hint={`Required, at most ${TEST_PUSH_CONTENT_MAX} characters.`} aria-required
      />
      {failure === undefined ? null : <ErrorNotice error={failure} title="The test push was not sent." />}
      <p role="status" className={sent === undefined ? 'visually-hidden' : 'status-line'}>
        {sent === undefined ? null : (
          <>
            Sent as push {sent}. <Link to={`/push/${device.accessId}`}>See it in the app’s push tasks</Link>
          </>
        )}
      </p>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sending…' : 'Send test push'}
        </button>
      </div>
    </form>
  );
}
