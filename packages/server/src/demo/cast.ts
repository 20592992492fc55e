/**
 * Who and what the story is about, as the setup steps create them: the push apps (TPNS), the IM app, the two
 * phones and the two chat users. Later steps receive the whole cast.
 */
import type { ChatClient } from '@herald/sdk';
import type { PushAppKeys } from './herald-http.ts';
import type { PushAppRef, VirtualPhone } from './phones.ts';
import type { Printer } from './printer.ts';
import type { Rig } from './rig.ts';
import type { Trays } from './trays.ts';

export interface PushApp extends PushAppRef, PushAppKeys {
  platform: 'ios' | 'android';
}

export interface DemoApps {
  productId: number;
  ios: PushApp;
  android: PushApp;
}

export interface DemoImApp {
  sdkAppId: number;
  /** A UserSig for `userId` (the IM console's testing tool; a real app server signs them with the app's key). */
  userSig(userId: string): Promise<string>;
}

export interface DemoPhones {
  bobIphone: VirtualPhone;
  aliceAndroid: VirtualPhone;
}

export interface DemoChats {
  alice: ChatClient;
  bob: ChatClient;
}

export interface Cast {
  rig: Rig;
  out: Printer;
  apps: DemoApps;
  im: DemoImApp;
  phones: DemoPhones;
  chats: DemoChats;
  trays: Trays;
}

export const BUNDLE_ID = 'com.herald.demo';
