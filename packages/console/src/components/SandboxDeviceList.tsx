import { useState } from 'react';
import type { SandboxDevice } from '../api/sandbox-api.ts';
import { CopyButton } from './CopyButton.tsx';
import { paginate } from './paginate.ts';
import { Pagination } from './Pagination.tsx';
import { ENVIRONMENT_LABEL, formatClock, sandboxChannelLabel, shortToken } from './sandbox-labels.ts';

export const DEVICES_PAGE_SIZE = 8;

/**
 * The virtual devices, newest first, a page at a time: channel, name, tokens shortened (full ones on request, and
 * copyable), what each received; "Open inbox" selects one.
 */
export function SandboxDeviceList({
  devices, selectedId, onSelect, showApp,
}: { devices: readonly SandboxDevice[]; selectedId: string | undefined; onSelect: (id: string) => void; showApp: boolean }) {
  const [page, setPage] = useState(1);
  if (devices.length === 0) return <p className="empty">No virtual devices yet.</p>;
  const shown = paginate(devices, page, DEVICES_PAGE_SIZE);
  return (
    <>
      <ul className="sandbox-devices" aria-label="Virtual devices">
        {shown.items.map((d) => (
          <DeviceItem key={d.id} device={d} selected={d.id === selectedId} onSelect={() => onSelect(d.id)} showApp={showApp} />
        ))}
      </ul>
      <Pagination page={shown.page} pageCount={shown.pageCount} total={shown.total} onPage={setPage} label="Virtual devices" />
    </>
  );
}

function DeviceItem({ device: d, selected, onSelect, showApp }: { device: SandboxDevice; selected: boolean; onSelect: () => void; showApp: boolean }) {
  const titleId = `sandbox-device-${d.id}-name`;
  return (
    <li className={selected ? 'card sandbox-device sandbox-device-selected' : 'card sandbox-device'} aria-labelledby={titleId} aria-current={selected ? 'true' : undefined}>
      <div className="sandbox-device-head">
        <h3 id={titleId}>{d.name}</h3>
        <span className="tag">{sandboxChannelLabel(d.channel)}{d.environment === undefined ? '' : ` · ${ENVIRONMENT_LABEL[d.environment]}`}</span>
      </div>
      <dl className="details">
        {showApp ? (<><dt>App</dt><dd>AccessID {d.accessId}</dd></>) : null}
        <dt>Herald token</dt>
        <dd><code title={d.heraldToken}>{shortToken(d.heraldToken)}</code> <CopyButton value={d.heraldToken} what={`Herald token of ${d.name}`} /></dd>
        <dt>Vendor token</dt>
        <dd><code title={d.vendorToken}>{shortToken(d.vendorToken)}</code> <CopyButton value={d.vendorToken} what={`vendor token of ${d.name}`} /></dd>
        <dt>Received</dt>
        <dd>{d.received}</dd>
        <dt>Added</dt>
        <dd><time dateTime={d.createdAt}>{formatClock(d.createdAt)}</time></dd>
      </dl>
      <details className="sandbox-full-tokens">
        <summary>Full tokens</summary>
        <p>Herald token: <code className="sandbox-wrap">{d.heraldToken}</code></p>
        <p>Vendor token: <code className="sandbox-wrap">{d.vendorToken}</code></p>
      </details>
      <button type="button" className={selected ? 'button' : 'button button-secondary'} aria-pressed={selected} aria-label={`Open inbox of ${d.name}`} onClick={onSelect}>
        Open inbox
      </button>
    </li>
  );
}
