/**
 * Driver dependencies from the server context: config, CA files read once per context, the clock and the
 * vendor metrics. Memoised per context so the credential API and the dispatcher share one set.
 */
import { readFileSync } from 'node:fs';
import type { ChannelObserver } from '@herald/channels';
import type { ServerContext } from '../../context.ts';
import type { DriverDeps } from './channel-driver.ts';

const made = new WeakMap<ServerContext, DriverDeps>();

export function driverDepsOf(ctx: ServerContext): DriverDeps {
  const known = made.get(ctx);
  if (known !== undefined) return known;
  const observer: ChannelObserver = {
    onVendorResponse(channel, status, _reason, seconds) {
      ctx.metrics.vendorLatency.observe({ channel, status: String(status) }, seconds);
    },
    onLimited(channel, kind) {
      ctx.metrics.limited.inc({ channel, kind });
    },
  };
  const deps: DriverDeps = { config: ctx.config, clock: () => ctx.clock.now(), observer };
  if (ctx.config.apnsCaFile !== undefined) deps.apnsCa = readFileSync(ctx.config.apnsCaFile, 'utf8');
  if (ctx.config.vendorCaFile !== undefined) deps.ca = readFileSync(ctx.config.vendorCaFile, 'utf8');
  made.set(ctx, deps);
  return deps;
}
