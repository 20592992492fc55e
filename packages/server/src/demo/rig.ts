/**
 * The demo's machine room: a temp dir, the vendor gateways a newcomer has no account for (the APNs emulator for
 * the iPhone, the Xiaomi emulator for the Android phone, both on loopback) and Herald pointed at them through
 * its ordinary configuration. Herald stores everything in SQLite under the temp dir and writes its management
 * token there on first start, as `npm start` does under ./data.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApnsEmulator, createXiaomiEmulator, type ApnsEmulator, type XiaomiEmulator } from '@herald/emulators';
import { createHeraldHttp, type HeraldHttp } from './herald-http.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

export interface Rig {
  readonly dir: string;
  readonly dataDir: string;
  readonly adminToken: string;
  readonly http: HeraldHttp;
  readonly server: ServerProcess;
  /** Apple's gateway: the iPhone's inbox, and the keys Apple issued. */
  readonly apns: ApnsEmulator;
  /** Xiaomi's gateway: the Android phone's inbox, and the apps registered in Xiaomi's console. */
  readonly xiaomi: XiaomiEmulator;
  /** Something to close before the server stops (the chat clients). */
  defer(close: () => void | Promise<void>): void;
  /** Closes what was deferred, stops the server and the emulators, removes the temp dir. */
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-demo-'));
  const dataDir = join(dir, 'data');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  // Also when the demo dies without cleaning up (the server is stopped then too, see server-process.ts).
  process.once('exit', removeDir);
  const opened: Array<{ close(): Promise<void> }> = [];
  /** In reverse order of opening; each item once, so a second call (Ctrl-C during cleanup) does no harm. */
  async function closeAll(): Promise<void> {
    for (let item = opened.pop(); item !== undefined; item = opened.pop()) await item.close().catch(() => undefined);
    removeDir();
    process.off('exit', removeDir);
  }
  try {
    const apns = await createApnsEmulator();
    opened.push(apns);
    const xiaomi = await createXiaomiEmulator();
    opened.push(xiaomi);
    const apnsCaFile = join(dir, 'apns-emulator-ca.pem');
    writeFileSync(apnsCaFile, apns.caCertPem);
    const server = await startServerProcess({
      HERALD_HOST: '127.0.0.1',
      HERALD_PORT: '0',
      HERALD_DATA_DIR: dataDir,
      HERALD_LOG_LEVEL: 'warn',
      HERALD_APNS_PRODUCT_URL: apns.urlFor('product'),
      HERALD_APNS_DEV_URL: apns.urlFor('dev'),
      HERALD_APNS_CA_FILE: apnsCaFile,
      HERALD_XIAOMI_BASE_URL: xiaomi.url,
      // An idle worker looks for due pushes this often; the default (250 ms) is tuned for a server, not a walk-through.
      HERALD_QUEUE_POLL_MS: '20',
    });
    opened.push({ close: () => server.stop() });
    const adminToken = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
    return {
      dir, dataDir, adminToken, http: createHeraldHttp(server.url, adminToken), server, apns, xiaomi,
      defer: (close) => opened.push({ close: async () => void (await close()) }),
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
