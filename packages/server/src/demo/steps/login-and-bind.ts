/**
 * Tencent IM guide, "Log in", and the TPNS-mode binding: each user logs in to IM on their phone, and the push SDK
 * binds the UserID to the phone's token as account type 0, as TPNS requires for IM offline push.
 */
import WebSocket from 'ws';
import { createChatClient, type ChatClient, type ChatPlatform } from '@herald/sdk';
import type { Printer } from '../printer.ts';
import type { Rig } from '../rig.ts';
import type { DemoChats, DemoImApp, DemoPhones } from '../cast.ts';
import type { VirtualPhone } from '../phones.ts';

export async function loginAndBind(rig: Rig, im: DemoImApp, phones: DemoPhones, out: Printer): Promise<DemoChats> {
  out.step('Log in to IM on each phone and bind the UserID to the push token as account type 0');
  const wsUrl = `${rig.http.url.replace(/^http/, 'ws')}/ws`;
  async function login(userId: string, phone: VirtualPhone, platform: ChatPlatform): Promise<{ chat: ChatClient; state: string }> {
    // Node 20 has no global WebSocket; browsers and React Native pass nothing.
    const chat = createChatClient({ url: wsUrl, sdkAppId: im.sdkAppId, WebSocket: WebSocket as never });
    const info = await chat.login({ userId, userSig: await im.userSig(userId), deviceId: phone.name, platform });
    rig.defer(() => chat.close());
    await phone.push.upsertAccounts({ 0: userId });
    return { chat, state: info.devices.find((d) => d.deviceId === phone.name)?.state ?? '?' };
  }
  const bob = await login('bob', phones.bobIphone, 'iOS');
  const alice = await login('alice', phones.aliceAndroid, 'Android');
  const bound = await phones.bobIphone.push.queryAccounts();
  out.answer(`bob on bob-iphone (${bob.state}), alice on alice-android (${alice.state}); bob-iphone's accounts: ${bound.map((a) => `${a.account} (type ${a.accountType})`).join(', ')}`);
  return { alice: alice.chat, bob: bob.chat };
}
