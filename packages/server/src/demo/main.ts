/**
 * `npm run demo`: the offline push story of the integration guide (TPNS + Tencent IM), end to end on this
 * machine with no vendor account. Herald runs as `npm start` runs it, on the embedded default (SQLite in a temp
 * dir); APNs and Xiaomi are loopback emulators; the demo talks to Herald only through its public APIs and SDKs.
 * Exits 0 when every step behaved as the guide says, 1 (with the step and the reason) when one did not.
 *
 *   --keep   leave Herald running at the end and print its URL and admin token; Ctrl-C stops it and cleans up.
 */
import { parseArgs } from 'node:util';
import { DemoFailure } from './demo-failure.ts';
import { createPrinter, type Printer } from './printer.ts';
import { startRig, type Rig } from './rig.ts';
import { runStory } from './story.ts';
import type { Cast } from './cast.ts';

const USAGE = `Usage: npm run demo [-- --keep]

Walks through offline push of chat messages (TPNS + Tencent IM guide) against a throwaway Herald with
emulated APNs and Xiaomi gateways, printing each step and what each virtual phone received.

  --keep   leave Herald running at the end (prints its URL and admin token); Ctrl-C stops it
`;

function printKept({ rig, apps, im }: Cast, out: Printer): void {
  out.line();
  out.line(`Herald keeps running at ${rig.http.url} (data in ${rig.dataDir}); Ctrl-C stops it and removes the data.`);
  out.line(`  admin token      ${rig.adminToken}`);
  out.line(`  iOS push app     AccessID ${apps.ios.accessId}, SecretKey ${apps.ios.secretKey}`);
  out.line(`  Android push app AccessID ${apps.android.accessId}, SecretKey ${apps.android.secretKey}`);
  out.line(`  IM app           SDKAppID ${im.sdkAppId}`);
  out.line(`  try              curl -s -H "authorization: Bearer ${rig.adminToken}" ${rig.http.url}/api/im/apps/${im.sdkAppId}/users/bob/offline-push-check`);
  out.line(`  API docs         ${rig.http.url}/docs`);
}

function describeFailure(err: unknown, out: Printer, rig: Rig | undefined): string {
  const at = out.current === undefined ? 'while starting' : `at step ${out.current.number} (${out.current.title})`;
  const reason = err instanceof DemoFailure ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  const serverLog = rig?.server.output().trim().split('\n').slice(-20).join('\n');
  return `\nDEMO FAILED ${at}:\n  ${reason}\n${serverLog ? `\nLast lines of the server's output:\n${serverLog}\n` : ''}`;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { keep: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const out = createPrinter();
  const started = Date.now();
  let rig: Rig | undefined;
  let stopping = false;
  /** Set once the story is done and Herald is left running: a signal is then the normal end. */
  let kept = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    out.line(`\n${signal}: stopping Herald and the emulators, removing the temp dir`);
    const code = kept ? 0 : signal === 'SIGINT' ? 130 : 143;
    void (rig?.close() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  out.line('Herald demo: chat messages become push notifications (TPNS + Tencent IM offline push), no vendor account needed');
  try {
    rig = await startRig();
    out.line(`Herald ${rig.http.url}, SQLite in ${rig.dataDir}; APNs emulator (bob's iPhone) and Xiaomi emulator (alice's phone) on loopback`);
    const cast = await runStory(rig, out);
    out.line();
    out.line(`All ${out.steps} steps behaved as the guide says (${((Date.now() - started) / 1000).toFixed(1)} s).`);
    if (args.keep) {
      kept = true;
      printKept(cast, out);
      return await new Promise<number>(() => undefined); // until a signal stops it
    }
    await rig.close();
    out.line('Cleaned up: server stopped, emulators closed, temp dir removed.');
    return 0;
  } catch (err) {
    if (stopping) return new Promise<number>(() => undefined); // the signal handler exits
    process.stderr.write(describeFailure(err, out, rig));
    await rig?.close();
    return 1;
  }
}

// Exits explicitly: a chat client left over by a failed step must not keep the process alive.
main().then((code) => process.exit(code));
