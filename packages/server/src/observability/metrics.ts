import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per server instance, so tests can build several servers in one process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'herald_' });
  return {
    registry,
    pushes: new Counter({
      name: 'herald_push_outcomes_total',
      help: 'Per-device push outcomes by channel and outcome (delivered, rejected, retry, failed, expired)',
      labelNames: ['channel', 'outcome'] as const,
      registers: [registry],
    }),
    vendorLatency: new Histogram({
      name: 'herald_push_vendor_latency_seconds',
      help: 'Round-trip time of vendor requests by channel and HTTP status',
      labelNames: ['channel', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    limited: new Counter({
      name: 'herald_push_limited_total',
      help: 'Sends delayed or dropped by the per-app concurrency limit',
      labelNames: ['channel', 'kind'] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({ name: 'herald_push_queue_depth', help: 'Push queue jobs not yet done', registers: [registry] }),
    tasksAccepted: new Counter({
      name: 'herald_push_tasks_accepted_total',
      help: 'Push tasks accepted by audience type',
      labelNames: ['audience_type'] as const,
      registers: [registry],
    }),
    breakerOpen: new Gauge({
      name: 'herald_push_breaker_open',
      help: 'Breakers currently open (credential or configuration problems) by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
