/**
 * Where a resolve job is in its audience. Stored as JSON in `queue_job.cursor`, so a resolve job taken over after
 * a crash continues from the last page it committed.
 */
export interface AudienceCursor {
  /** Device audiences (all, tag): the last token of the previous page (keyset pagination by token). */
  after?: string;
  /** Upload packages: the last `upload_item.seq` read. Account lists: the index of the next account. */
  offset?: number;
  /** Tokens handed to send jobs so far (paces `push_speed`). */
  sent: number;
  /** Epoch ms when the first page was resolved (the origin of `push_speed` pacing). */
  startedAt: number;
}

export function parseCursor(text: string | null, now: number): AudienceCursor {
  if (text === null || text === '') return { sent: 0, startedAt: now };
  return JSON.parse(text) as AudienceCursor;
}
