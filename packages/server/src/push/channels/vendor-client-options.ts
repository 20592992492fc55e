/**
 * What every non-APNs vendor client takes from the driver deps alike, so each driver names only its own hosts:
 * the per-app in-flight cap and the request timeout from the config, the clock, the metrics observer, and the
 * extra trusted CA for the clients that open their own TLS connections.
 */
import type { ChannelObserver } from '@herald/channels';
import type { DriverDeps } from './channel-driver.ts';

export interface ClientRuntime {
  maxInFlight: number;
  requestTimeoutMs: number;
  clock: () => number;
  observer: ChannelObserver;
}

export function clientRuntime(deps: DriverDeps): ClientRuntime {
  return { maxInFlight: deps.config.vendorMaxInFlight, requestTimeoutMs: deps.config.vendorTimeoutMs, clock: deps.clock, observer: deps.observer };
}

/** `{ca}` when one is configured, else nothing: a client given no CA trusts the system's. */
export function vendorCa(deps: DriverDeps): { ca?: string } {
  return deps.ca !== undefined ? { ca: deps.ca } : {};
}
