/**
 * The envelope of the harness's IPC, the same for every benchmark: each bench defines its own requests (a union
 * of `{ id, type, … }`); replies and the ready signal are common. Everything here is plain JSON.
 */

/** The shape every parent → child request has; a bench's request union narrows `type` and adds its fields. */
export interface BenchRequest {
  id: number;
  type: string;
}

export type ChildReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Sent once by every child when it is ready to take requests. */
export interface ChildHello {
  type: 'hello';
  pid: number;
}
