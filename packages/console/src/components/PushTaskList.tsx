import { useMemo, useState } from 'react';
import { pushApi, type PushTask, type PushTaskPage } from '../api/push-api.ts';
import { useCanChange, useServices } from '../app/services-context.tsx';
import { ConfirmAction } from './ConfirmAction.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { FunnelTable } from './FunnelTable.tsx';
import { Loading } from './Loading.tsx';
import { Pagination } from './Pagination.tsx';
import { formatTime } from './platform-labels.ts';
import { AUDIENCE_LABEL, CANCELLABLE, STOPPABLE, TASK_STATUS_LABEL } from './push-labels.ts';
import { useResource } from './use-resource.ts';

export const TASKS_PAGE_SIZE = 10;

/** The app's push tasks, newest first, a page at a time from the server, each with its funnel and its cancel/stop. */
export function PushTaskList({ accessId }: { accessId: number }) {
  const services = useServices();
  const api = useMemo(() => pushApi(services.client), [services]);
  const [page, setPage] = useState(1);
  const [tasks, { reload, set }] = useResource(
    (signal) => api.tasks(accessId, { offset: (page - 1) * TASKS_PAGE_SIZE, limit: TASKS_PAGE_SIZE }, signal),
    [api, accessId, page],
  );

  return (
    <section aria-labelledby="push-tasks-title">
      <div className="page-head">
        <h2 id="push-tasks-title">Tasks</h2>
        <button type="button" className="button button-secondary" onClick={reload} disabled={tasks.status === 'loading'}>
          Refresh
        </button>
      </div>
      {tasks.status === 'loading' ? <Loading label="Loading tasks…" /> : null}
      {tasks.status === 'error' ? <ErrorNotice error={tasks.error} title="The tasks could not be loaded." onRetry={reload} /> : null}
      {tasks.status === 'ready' ? (
        <TaskTable
          accessId={accessId}
          data={tasks.data}
          onChanged={(t) => set({ ...tasks.data, pushes: tasks.data.pushes.map((x) => (x.pushId === t.pushId ? t : x)) })}
          page={page}
          onPage={setPage}
        />
      ) : null}
    </section>
  );
}

function TaskTable({ accessId, data, onChanged, page, onPage }: { accessId: number; data: PushTaskPage; onChanged: (t: PushTask) => void; page: number; onPage: (p: number) => void }) {
  if (data.total === 0) return <p className="empty">No pushes yet.</p>;
  const pageCount = Math.max(1, Math.ceil(data.total / TASKS_PAGE_SIZE));
  return (
    <>
      <ul className="push-tasks">
        {data.pushes.map((t) => (
          <TaskItem key={t.pushId} accessId={accessId} task={t} onChanged={onChanged} />
        ))}
      </ul>
      <Pagination page={page} pageCount={pageCount} total={data.total} onPage={onPage} label="Tasks" />
    </>
  );
}

function audienceText(t: PushTask): string {
  const label = AUDIENCE_LABEL[t.audienceType] ?? t.audienceType;
  if (t.targetCount === 0) return t.uploadId === null ? label : `${label} (upload ${t.uploadId})`;
  const more = t.targetCount > t.targets.length ? ` and ${t.targetCount - t.targets.length} more` : '';
  return `${label}: ${t.targets.join(', ')}${more}`;
}

function TaskItem({ accessId, task, onChanged }: { accessId: number; task: PushTask; onChanged: (t: PushTask) => void }) {
  const services = useServices();
  const canChange = useCanChange();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const titleId = `push-task-${task.pushId}`;

  async function control(action: 'cancel' | 'stop') {
    setBusy(true);
    setFailure(undefined);
    try {
      const api = pushApi(services.client);
      onChanged(await (action === 'cancel' ? api.cancel(accessId, task.pushId) : api.stop(accessId, task.pushId)));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card push-task" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {task.title === '' ? <span className="muted">(no title)</span> : task.title} <span className="muted">push {task.pushId}</span>
      </h3>
      <dl className="details">
        <dt>Status</dt>
        <dd>
          <span className={`push-status push-status-${task.status.toLowerCase()}`}>{TASK_STATUS_LABEL[task.status] ?? task.status}</span> <code className="muted">{task.status}</code>
        </dd>
        {task.content === '' ? null : (
          <>
            <dt>Content</dt>
            <dd>{task.content}</dd>
          </>
        )}
        <dt>Audience</dt>
        <dd className="push-audience">{audienceText(task)}</dd>
        <dt>Environment</dt>
        <dd>{task.environment === 'dev' ? 'Development' : 'Production'}</dd>
        <dt>{task.status === 'PUSH_WAIT' ? 'Sends at' : 'Created'}</dt>
        <dd>{formatTime(task.status === 'PUSH_WAIT' ? task.sendAt : task.createdAt)}</dd>
        <dt>Plan</dt>
        <dd>
          <code>{task.planId}</code>
        </dd>
      </dl>
      <FunnelTable funnel={task.funnel} caption={`Funnel of push ${task.pushId} per channel`} />
      {canChange && (CANCELLABLE.has(task.status) || STOPPABLE.has(task.status)) ? (
        <div className="button-row">
          {CANCELLABLE.has(task.status) ? (
            <ConfirmAction label="Cancel push" question={`Cancel push ${task.pushId}? Nothing of it will be sent.`} confirmLabel="Cancel it" busy={busy} onConfirm={() => void control('cancel')} />
          ) : null}
          {STOPPABLE.has(task.status) ? (
            <ConfirmAction label="Stop push" question={`Stop push ${task.pushId}? Devices not reached yet will not get it.`} confirmLabel="Stop it" busy={busy} onConfirm={() => void control('stop')} />
          ) : null}
        </div>
      ) : null}
      {failure === undefined ? null : <ErrorNotice error={failure} title="The push was not changed." />}
    </li>
  );
}
