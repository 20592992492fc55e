/** TPNS task status values (tpns-and-im-offline-push.md §1.7) that Herald sets. */
export const TaskStatus = {
  init: 'PUSH_INIT',
  wait: 'PUSH_WAIT',
  started: 'PUSH_STARTED',
  finished: 'PUSH_FINISHED',
  failed: 'PUSH_FAILED',
  canceled: 'PUSH_CANCELED',
  stopped: 'PUSH_DELETED_PUSH_MSG',
} as const;

export type TaskStatusValue = (typeof TaskStatus)[keyof typeof TaskStatus];

/** Statuses in which nothing has been dispatched yet, so the task can still be cancelled. */
export const NOT_DISPATCHED: readonly string[] = [TaskStatus.init, TaskStatus.wait];
/** Statuses after which no job of the task may send anything. */
export const CLOSED: readonly string[] = [TaskStatus.canceled, TaskStatus.stopped, TaskStatus.finished, TaskStatus.failed];
