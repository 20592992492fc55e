/**
 * IM offline push, wired: C2C messages (after the send is acknowledged) and one-to-one call invites become TPNS
 * pushes in the push service. The pure rules are in im/offline-push; where devices report is im/offline-push-config.
 */
export { pushC2cMessage, type C2cPushInput, type DevicePushResult } from './c2c-offline-push.ts';
export { dropQueuedCallPushes, pushCallInvite } from './call-offline-push.ts';
export { nativeHeraldToken } from './native-push-device.ts';
