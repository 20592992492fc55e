/**
 * Group messages: a Work group's message is pushed to every member whose app is in the background (never to the
 * sender) as `Name (group name): content`, with the entity helper's ext for a group chat, which routes the tap to
 * the group. A member whose receive option for the group is 2 (receive without push) gets the message over the
 * connection and no notification.
 */
import { buildChatPushExt, routeOfNotification, textElem } from '@herald/sdk';
import { answered } from '../herald-http.ts';
import { expect, waitFor } from '../demo-failure.ts';
import { nextMessageFrom } from '../live-messages.ts';
import type { Cast } from '../cast.ts';

const GROUP_NAME = 'Weekend hike';
/** Tencent's V2TIMReceiveMessageOpt 2: receive messages, without offline push. */
const RECEIVE_WITHOUT_PUSH = 2;

export async function groupMessage(cast: Cast): Promise<void> {
  const { chats, phones, trays, out } = cast;
  out.step(`alice creates a Work group "${GROUP_NAME}" with bob; bob's app goes to the background; alice sends to the group`);
  const groupID = await chats.alice.createGroup({ type: 'Work', name: GROUP_NAME, memberList: [{ userId: 'bob' }] });
  // Tencent's doBackground(unreadCount): a group push counts the badge up from what the app last reported.
  await chats.bob.setAppState('background', { unreadCount: 0 });
  const ext = buildChatPushExt({ chatType: 'group', groupId: groupID, nickname: 'Alice', serverTime: await chats.alice.getServerTime() });
  const sent = await chats.alice.sendGroupMessage({ groupId: groupID, elements: [textElem('meet at 8?')], offlinePushInfo: { ext } });
  out.answer(`group ${groupID} (Work); bob's device is "background" with unread count 0; message seq ${sent.seq ?? '?'} stored`);
  const n = await trays.expectOne(phones.bobIphone, 'the push of the group message');
  out.received(phones.bobIphone.name, n);
  expect(n.body === `Alice (${GROUP_NAME}): meet at 8?`, `expected the text "Alice (${GROUP_NAME}): meet at 8?", got ${JSON.stringify(n.body)}`);
  expect(n.badge === 1, `expected badge 1 (one up from the unread count bob's app reported), got ${n.badge}`);
  expect(n.ext === ext, `expected the ext as sent under "custom", got ${JSON.stringify(n.ext)}`);

  const route = routeOfNotification(n.payload);
  expect(route?.kind === 'group' && route.groupID === groupID, `expected the route to group ${groupID}, got ${JSON.stringify(route)}`);
  if (n.pushId !== undefined) await phones.bobIphone.push.reportClicked(n.pushId);
  await chats.bob.setAppState('foreground');
  await chats.bob.markConversationRead(`group_${groupID}`);
  out.answer(`bob taps it: route ${JSON.stringify(route)}: open the group; click reported; bob reads the group`);

  await receiveWithoutPush(cast, groupID);
}

/** Option 2 for the group: the message still reaches bob's app, and the self-check says why nothing was pushed. */
async function receiveWithoutPush({ rig, im, chats, phones, trays, out }: Cast, groupID: string): Promise<void> {
  await chats.bob.request('setGroupReceiveMessageOpt', { groupId: groupID, opt: RECEIVE_WITHOUT_PUSH });
  await chats.bob.setAppState('background');
  const live = nextMessageFrom(chats.bob, 'alice');
  const sent = await chats.alice.sendGroupMessage({ groupId: groupID, elements: [textElem('bring snacks')] });
  await live;
  // The members are decided in a queued job: wait for bob's decision on this message, then for the task lists.
  const decided = await waitFor(`the offline push decision for bob on group message ${sent.seq}`, async () => {
    const check = answered(await rig.http.admin('GET', `/im/apps/${im.sdkAppId}/users/bob/offline-push-check`), "bob's offline push self-check");
    const outcome = check['lastOutcome'] as Record<string, any> | null;
    return outcome?.['conversation'] === groupID && outcome['messageRef'] === String(sent.seq) ? outcome : undefined;
  });
  await trays.expectNone('a group message to a member who receives it without push');
  const device = (decided['devices'] as Array<Record<string, any>>).find((d) => d['deviceId'] === phones.bobIphone.name);
  expect(device?.['pushed'] === false && device['reason'] === 'receive-without-push', `expected bob-iphone skipped as receive-without-push, got ${JSON.stringify(decided['devices'])}`);
  out.answer(`bob sets the group to receive without push (setGroupReceiveMessageOpt opt ${RECEIVE_WITHOUT_PUSH}) and leaves the app; alice sends "bring snacks": it reaches bob's app over the connection`);
  out.nothing(`bob receives the group without push; the self-check's last outcome says so for ${phones.bobIphone.name}`, 'receive-without-push');
  await chats.bob.setAppState('foreground');
  out.answer('bob opens the app again');
}
