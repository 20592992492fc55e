import type { ServerContext } from '../../context.ts';
import { insertMany } from '../../store/insert-many.ts';

/** Stores a parsed package; its lines are numbered from 0 so resolve jobs can page through them by `seq`. */
export async function storePackage(ctx: ServerContext, accessId: number, fileName: string, values: readonly string[]): Promise<number> {
  const now = ctx.clock.now();
  return ctx.store.transaction(async (trx) => {
    const row = await trx
      .insertInto('upload')
      .values({ access_id: accessId, file_name: fileName, line_count: values.length, created_at: now })
      .returning('upload_id')
      .executeTakeFirstOrThrow();
    const uploadId = Number(row.upload_id);
    await insertMany(trx, 'upload_item', values.map((value, seq) => ({ upload_id: uploadId, seq, value })), { chunkSize: 5000 });
    return uploadId;
  });
}
