/**
 * Members set up the way an app does it, through the public APIs only: the push SDK registers the iPhone and
 * binds the UserID as account type 0, the chat SDK logs in from that iPhone (app in the background), reports the
 * Herald token with setOfflinePushConfig in TPNS mode, and the connection closes, leaving the device push_online.
 * Their rows are the template of the seeded members and the reference of the shape check, and their phones are
 * watched for the pushes in every phase.
 */
import WebSocket from 'ws';
import { createChatClient, type ChatClient } from '@herald/sdk/chat';
import { createMemoryStorage, createPushClient } from '@herald/sdk/push';
import { phoneDeviceId, vendorToken } from './member-names.ts';
import { userSigOf, type ImAppKeys, type PushAppKeys } from './setup-apps.ts';

export interface RealMember {
  userId: string;
  /** The phone's APNs token (the emulator's inbox) and its Herald push token. */
  vendorToken: string;
  heraldToken: string;
}

export function chatClient(url: string, app: ImAppKeys): ChatClient {
  // Node 20 has no global WebSocket; the SDK takes the `ws` class.
  return createChatClient({ url: `${url.replace(/^http/, 'ws')}/ws`, sdkAppId: app.sdkAppId, WebSocket: WebSocket as never });
}

export async function setUpRealMember(url: string, pushApp: PushAppKeys, imApp: ImAppKeys, userId: string, tokenSeed: string): Promise<RealMember> {
  const apnsToken = vendorToken(tokenSeed, userId);
  const push = createPushClient({ accessId: pushApp.accessId, accessKey: pushApp.accessKey, endpoint: url, storage: createMemoryStorage() });
  const heraldToken = await push.register({
    vendorToken: apnsToken, environment: 'product', appVersion: '2.3.0', locale: 'en_US', timeZone: 'Asia/Shanghai',
    systemVersion: '17.4', deviceBrand: 'Apple', deviceModel: 'iPhone15,2',
  });
  await push.upsertAccounts({ 0: userId });
  const chat = chatClient(url, imApp);
  await chat.login({ userId, userSig: userSigOf(imApp, userId), deviceId: phoneDeviceId(userId), platform: 'iOS', appState: 'background' });
  await chat.setOfflinePushConfig({ businessID: 0, token: heraldToken, isTPNSToken: true });
  chat.close();
  return { userId, vendorToken: apnsToken, heraldToken };
}
