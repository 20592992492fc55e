/**
 * `npm run demo` as a newcomer runs it: a child process that starts Herald and the emulators, walks the offline
 * push story and exits 0, having printed each step and what each virtual phone received; with `--keep` the
 * server stays up for poking until Ctrl-C, which cleans everything up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';

const root = new URL('../../../../', import.meta.url).pathname;
const demoMain = join(root, 'packages/server/src/demo/main.ts');

function runDemo(args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', demoMain, ...args], {
    cwd: root,
    // The demo must not depend on the caller's configuration; a stray HERALD_* variable must not reach it either.
    env: { ...process.env, HERALD_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', HERALD_PORT: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitForOutput(demo: ReturnType<typeof runDemo>, pattern: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pattern.exec(demo.output().stdout);
    if (found !== null) return found;
    if (demo.child.exitCode !== null) throw new Error(`the demo exited (${demo.child.exitCode}) before printing ${pattern}:\n${demo.output().stdout}\n${demo.output().stderr}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${demo.output().stdout}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The temp dir the demo announced (the data dir is inside it). */
function tempDirOf(stdout: string): string {
  const dataDir = /SQLite in (\S+);/.exec(stdout)?.[1];
  assert.ok(dataDir, `the demo names its data dir:\n${stdout}`);
  return dirname(dataDir);
}

const STEPS = [
  'Create a push product with an iOS app and an Android app',
  'Upload the APNs .p8 key and the Xiaomi app secret',
  'Create the IM app, import alice and bob, authorize the IM app to both push apps',
  "Start the push SDK on bob's iPhone and alice's Xiaomi phone",
  'Log in to IM on each phone and bind the UserID to the push token as account type 0',
  'Report each push token to IM: setOfflinePushConfig({businessID: 0, token, isTPNSToken: true})',
  'bob has the app open; alice sends "are you there?"',
  'bob\'s app goes to the background; alice sends "hi bob" with offlinePushInfo.ext from buildChatPushExt',
  'bob taps the notification: routeOfNotification(userInfo) says where to go',
  'alice\'s app goes to the background; bob replies "on my way"',
  'alice creates a Work group "Weekend hike" with bob; bob\'s app goes to the background; alice sends to the group',
  'bob leaves the app again; alice sends a custom message without a desc, then one with a desc',
  'bob turns notifications off with setOfflinePushConfig(null)',
  'alice calls bob (signaling invite, timeout 30 s)',
  'bob logs out; alice sends one more message',
  'Read the push records of both push apps',
];

test('walks the offline push story, prints each step and what each phone received, exits 0 and cleans up', async () => {
  const demo = runDemo();
  const [code] = await demo.exited;
  const { stdout, stderr } = demo.output();
  assert.equal(code, 0, `${stdout}\n${stderr}`);

  STEPS.forEach((title, i) => {
    const line = stdout.split('\n').find((l) => l.startsWith(`${String(i + 1).padStart(2)}. ${title}`));
    assert.ok(line, `step ${i + 1} "${title}" in:\n${stdout}`);
  });
  assert.match(stdout, /bob-iphone received: "Alice: hi bob", badge 2, sound default, ext entity \{action 1 \(chat\), chatType 1 \(c2c\), sender alice\}/);
  assert.match(stdout, /route \{"kind":"c2c","userID":"alice"\}/);
  assert.match(stdout, /alice-android received: .*"Bob: on my way".*ext entity \{action 1 \(chat\), chatType 1 \(c2c\), sender bob\}/);
  const group = /bob-iphone received: "Alice \(Weekend hike\): meet at 8\?", badge 1, sound default, ext entity \{action 1 \(chat\), chatType 2 \(group\), sender (@TGS#\S+)\}/.exec(stdout);
  assert.ok(group, `the group push in:\n${stdout}`);
  assert.ok(stdout.includes(`route {"kind":"group","groupID":"${group[1]}"}`), 'the tap routes to the group the entity names');
  assert.match(stdout, /bob-iphone received: "You got a parcel"/);
  assert.match(stdout, /bob-iphone received: "Alice: lunch at noon\?"/);
  assert.match(stdout, /bob-iphone received: .*"You have a call request".*sound phone_ringing\.mp3, ext entity \{action 2 \(call\)/);
  assert.match(stdout, /isCallTimedOut now: false .*: true/);
  for (const reason of ['device-foreground', 'receive-without-push', 'custom-without-desc', 'no-push-config', 'device-offline']) {
    assert.match(stdout, new RegExp(`\\(nothing received, as expected: .*\\[${reason}\\]\\)`), reason);
  }
  assert.equal((stdout.match(/received:/g) ?? []).length, 6, 'six notifications in all: five on the iPhone, one on the Xiaomi phone');
  assert.match(stdout, /All 16 steps behaved as the guide says/);
  assert.doesNotMatch(stdout, /postgres/i, 'the caller\'s HERALD_DATABASE_URL is not used');
  assert.equal(existsSync(tempDirOf(stdout)), false, 'the temp dir is removed');
});

test('--keep leaves Herald running with its URL and admin token printed; SIGINT stops it and cleans up', async () => {
  const demo = runDemo(['--keep']);
  try {
    const [, url] = await waitForOutput(demo, /Herald keeps running at (http:\/\/\S+) /);
    const [, token] = await waitForOutput(demo, /admin token +(\S+)/);
    const [, sdkAppId] = await waitForOutput(demo, /SDKAppID (\d+)/);
    const res = await fetch(`${url}/api/im/apps/${sdkAppId}/users/bob/push-config`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { devices: Array<{ deviceId: string; state: string }> };
    assert.deepEqual(body.devices.map((d) => [d.deviceId, d.state]), [['bob-iphone', 'offline']]);

    demo.child.kill('SIGINT');
    const [code] = await demo.exited;
    assert.equal(code, 0, demo.output().stderr);
    assert.equal(existsSync(tempDirOf(demo.output().stdout)), false, 'the temp dir is removed');
    await assert.rejects(fetch(`${url}/healthz`), 'the server has stopped');
  } finally {
    if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
  }
});

test('an unknown flag prints the usage and exits 2', async () => {
  const demo = runDemo(['--nope']);
  const [code] = await demo.exited;
  assert.equal(code, 2);
  assert.match(demo.output().stderr, /Usage: npm run demo/);
});
