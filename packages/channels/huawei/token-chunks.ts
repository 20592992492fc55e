/**
 * Splits a batch of targets into vendor requests of at most `max` device tokens. Huawei delivers a token listed
 * twice twice ("在数组中加入了相同的Token会导致用户收到相同的消息"), so each vendor token is sent once per request and
 * its result is copied to every target that carries it.
 */
import type { DeliveryTarget } from '../types.ts';

export interface TokenChunk {
  /** Distinct vendor tokens, in first-seen order. */
  tokens: string[];
  /** `targets[i]`: indexes (into the batch) of the targets that carry `tokens[i]`. */
  targets: number[][];
}

export function chunkTargets(targets: readonly DeliveryTarget[], max: number): TokenChunk[] {
  const chunks: TokenChunk[] = [];
  const where = new Map<string, { chunk: TokenChunk; slot: number }>();
  let current: TokenChunk | undefined;
  for (let i = 0; i < targets.length; i++) {
    const token = targets[i]!.vendorToken;
    const seen = where.get(token);
    if (seen !== undefined) {
      seen.chunk.targets[seen.slot]!.push(i);
      continue;
    }
    if (current === undefined || current.tokens.length >= max) {
      current = { tokens: [], targets: [] };
      chunks.push(current);
    }
    where.set(token, { chunk: current, slot: current.tokens.length });
    current.tokens.push(token);
    current.targets.push([i]);
  }
  return chunks;
}

/** The chunk in two halves (the vendor said the request held too many tokens). */
export function halveChunk(chunk: TokenChunk): [TokenChunk, TokenChunk] {
  const mid = Math.ceil(chunk.tokens.length / 2);
  return [
    { tokens: chunk.tokens.slice(0, mid), targets: chunk.targets.slice(0, mid) },
    { tokens: chunk.tokens.slice(mid), targets: chunk.targets.slice(mid) },
  ];
}
