import { useMemo, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { Funnel } from '../api/push-api.ts';
import { statsApi, type AppOverview } from '../api/stats-api.ts';
import { Link } from '../app/router.tsx';
import { useServices } from '../app/services-context.tsx';
import { ChartBars } from '../components/ChartBars.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { FunnelTable } from '../components/FunnelTable.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { channelLabel } from '../components/push-labels.ts';
import { useResource } from '../components/use-resource.ts';

const RANGES = [7, 14, 30, 90] as const;
const ALL = '';

/** `2025-06-01` → `Jun 1`. */
function shortDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** One app over the last days: devices (total, new, active) and the push funnel per channel per day. */
export function OverviewAppPage({ accessId }: { accessId: number }) {
  const services = useServices();
  const api = useMemo(() => statsApi(services.client), [services]);
  const [days, setDays] = useState<number>(14);
  const [overview, { reload }] = useResource((signal) => api.overview(accessId, days, signal), [api, accessId, days]);
  const title = `Overview · app ${accessId}`;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/overview">Overview</Link>
      </p>
      <div className="page-head">
        <PageHeading title={title}>{title}</PageHeading>
        <div className="field overview-range">
          <label htmlFor="overview-days">Period</label>
          <select id="overview-days" className="push-select" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {RANGES.map((r) => (
              <option key={r} value={r}>
                Last {r} days
              </option>
            ))}
          </select>
        </div>
      </div>
      {overview.status === 'loading' ? <Loading label="Loading the overview…" /> : null}
      {overview.status === 'error' ? (
        <ErrorNotice error={overview.error} title="The overview could not be loaded." {...(overview.error instanceof ApiError && overview.error.status === 404 ? {} : { onRetry: reload })} />
      ) : null}
      {overview.status === 'ready' ? <OverviewBody o={overview.data} /> : null}
    </>
  );
}

function OverviewBody({ o }: { o: AppOverview }) {
  const [channel, setChannel] = useState(ALL);
  const dates = o.devices.daily.map((d) => d.date);
  const period = `${shortDay(o.from)} – ${shortDay(o.to)}`;
  const funnelOf = (day: AppOverview['push']['daily'][number]): Funnel => (channel === ALL ? day.total : (day.channels.find((c) => c.channel === channel) ?? { targeted: 0, sent: 0, arrived: 0, clicked: 0, failed: 0, invalid: 0, expired: 0 }));
  const funnels = o.push.daily.map(funnelOf);
  const channelName = channel === ALL ? 'all channels' : channelLabel(channel);
  const offset = o.utcOffsetMinutes;
  const zone = `UTC${offset >= 0 ? '+' : '−'}${Math.floor(Math.abs(offset) / 60)}${Math.abs(offset) % 60 === 0 ? '' : `:${String(Math.abs(offset) % 60).padStart(2, '0')}`}`;

  return (
    <>
      <p className="page-intro">
        {period}, days counted in {zone} (the server’s TPNS time zone).
      </p>
      <ul className="overview-counts" aria-label="Devices">
        <li>
          <span className="overview-count">{o.devices.total}</span> devices registered
        </li>
        <li>
          <span className="overview-count">{o.devices.new}</span> new in the period
        </li>
        <li>
          <span className="overview-count">{o.devices.active}</span> active in the period
        </li>
      </ul>

      <h2>Devices per day</h2>
      <ChartBars
        title={`New and active devices per day, ${period}`}
        description={`${o.devices.new} devices registered and ${o.devices.active} active in the period. A device counts as active on the day of its last activity.`}
        categories={dates}
        categoryLabel={shortDay}
        series={[
          { name: 'New', values: o.devices.daily.map((d) => d.new) },
          { name: 'Active', values: o.devices.daily.map((d) => d.active) },
        ]}
      />

      <div className="page-head">
        <h2>Push funnel per day</h2>
        <div className="field overview-range">
          <label htmlFor="overview-channel">Channel</label>
          <select id="overview-channel" className="push-select" value={channel} onChange={(e) => setChannel(e.target.value)}>
            <option value={ALL}>All channels</option>
            {o.push.channels.map((c) => (
              <option key={c.channel} value={c.channel}>
                {channelLabel(c.channel)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ChartBars
        title={`Push funnel per day, ${channelName}, ${period}`}
        description={`Devices targeted, sent to, reached and tapped per day on ${channelName}: ${o.push.total.sent} sent, ${o.push.total.arrived} arrived and ${o.push.total.clicked} clicked on all channels in the period.`}
        categories={dates}
        categoryLabel={shortDay}
        series={[
          { name: 'Targeted', values: funnels.map((f) => f.targeted) },
          { name: 'Sent', values: funnels.map((f) => f.sent) },
          { name: 'Arrived', values: funnels.map((f) => f.arrived) },
          { name: 'Clicked', values: funnels.map((f) => f.clicked) },
        ]}
      />
      <h2>Per channel in the period</h2>
      <FunnelTable funnel={{ channels: o.push.channels, total: o.push.total }} caption="Funnel per channel in the period" />
    </>
  );
}
