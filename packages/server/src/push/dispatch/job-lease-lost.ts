/** Thrown inside a commit transaction when the job's lease was lost, to roll back what the job would have written. */
export class JobLeaseLost extends Error {
  override readonly name = 'JobLeaseLost';
}
