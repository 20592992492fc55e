/**
 * The story of the seed integration guide (TPNS + Tencent IM offline push), step by step, in the order a
 * newcomer follows it. Each step is one file under steps/ and prints what it did and what came back.
 */
import type { Cast } from './cast.ts';
import type { Printer } from './printer.ts';
import type { Rig } from './rig.ts';
import { createTrays } from './trays.ts';
import { androidPush } from './steps/android-push.ts';
import { backgroundPush } from './steps/background-push.ts';
import { callInvite } from './steps/call-invite.ts';
import { createImApp } from './steps/create-im-app.ts';
import { createPushApps } from './steps/create-push-apps.ts';
import { customMessage } from './steps/custom-message.ts';
import { foregroundGetsNoPush } from './steps/foreground-no-push.ts';
import { groupMessage } from './steps/group-message.ts';
import { loginAndBind } from './steps/login-and-bind.ts';
import { logout } from './steps/logout.ts';
import { nullConfig } from './steps/null-config.ts';
import { pushStatistics } from './steps/push-statistics.ts';
import { reportPushTokens } from './steps/report-push-tokens.ts';
import { startPushSdk } from './steps/start-push-sdk.ts';
import { tapOpensChat } from './steps/tap-opens-chat.ts';
import { uploadCredentials } from './steps/upload-credentials.ts';

/** Runs the story; resolves with the cast, or throws (DemoFailure when Herald did not behave as the guide says). */
export async function runStory(rig: Rig, out: Printer): Promise<Cast> {
  // The setup, as in the consoles and at app start.
  const apps = await createPushApps(rig, out);
  await uploadCredentials(rig, apps, out);
  const im = await createImApp(rig, apps, out);
  const phones = await startPushSdk(rig, apps, out);
  const chats = await loginAndBind(rig, im, phones, out);
  await reportPushTokens(rig, im, phones, chats, out);
  const trays = createTrays(rig.http, [phones.bobIphone, phones.aliceAndroid], [apps.ios, apps.android]);
  const cast: Cast = { rig, out, apps, im, phones, chats, trays };

  // Chat messages becoming notifications.
  await foregroundGetsNoPush(cast);
  const shown = await backgroundPush(cast);
  await tapOpensChat(cast, shown);
  await androidPush(cast);
  await groupMessage(cast);
  await customMessage(cast);
  await nullConfig(cast);
  await callInvite(cast);
  await logout(cast);
  await pushStatistics(cast);
  return cast;
}
