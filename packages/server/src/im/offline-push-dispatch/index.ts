/**
 * IM offline push, wired: C2C messages (after the send is acknowledged), group messages (through the push queue,
 * a page of members per job) and call invites become TPNS pushes in the push service. The pure rules are in im/offline-push; where devices report is im/offline-push-config.
 */
export { pushC2cMessage, type C2cPushInput, type DevicePushResult } from './c2c-offline-push.ts';
export { dropQueuedCallPushes, pushCallInvite } from './call-offline-push.ts';
export { nativeHeraldToken } from './native-push-device.ts';
export { queueGroupMessagePush } from './group-push-job.ts';
export { imJobRunners } from './im-job-runners.ts';
