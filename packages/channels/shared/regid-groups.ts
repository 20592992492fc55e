/**
 * Per-target answers for channels that send one request per distinct vendor id (Xiaomi regIds, OPPO registration
 * ids): Herald tokens that share a vendor id form one group and get the same outcome, written at the targets'
 * positions and counted by kind.
 */
import type { DeliveryTarget, OutcomeKind, PushOutcome } from '../types.ts';

/** Herald tokens that share one vendor id get the same result. */
export interface RegIdGroup {
  regId: string;
  indexes: number[];
}

export type Settle = (group: RegIdGroup, make: (token: string) => PushOutcome) => void;

/** `settle` writes `make(token)` for every target of a group into `out` and bumps `counts` by its kind. */
export function createSettler(targets: readonly DeliveryTarget[], counts: Record<OutcomeKind, number>): { out: PushOutcome[]; settle: Settle; everyone: RegIdGroup } {
  const out = new Array<PushOutcome>(targets.length);
  const settle: Settle = (group, make) => {
    for (const i of group.indexes) {
      const outcome = make(targets[i]!.token);
      counts[outcome.kind]++;
      out[i] = outcome;
    }
  };
  return { out, settle, everyone: { regId: '', indexes: targets.map((_, i) => i) } };
}
