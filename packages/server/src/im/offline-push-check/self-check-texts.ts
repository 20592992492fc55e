/**
 * Every sentence the offline push self-check shows, in one table: the device states under Tencent's names, why a
 * device was or was not pushed (one sentence per reason code of the dispatch), and the findings. The codes are
 * stable (clients and tests match on them); the sentences may be reworded.
 */
import type { PushOutcomeReason } from './record-push-outcome.ts';

/** Tencent's names of the device states (reference §4.2). */
export const TENCENT_STATE_NAMES: Readonly<Record<string, string>> = {
  online: 'Online',
  background: 'Background',
  push_online: 'PushOnline',
  offline: 'Offline',
};

export const REASON_SENTENCES: Readonly<Record<PushOutcomeReason, string>> = {
  'push': 'Pushed: a push task was queued for the device.',
  'group-tip': 'Not pushed: group tips (member joined, quit, …) are never pushed.',
  'call-not-pending': 'Not pushed: the call was no longer waiting for this user’s answer (cancelled, answered or timed out).',
  'online-only': 'Not pushed: the message was online-only (onlineUserOnly, OnlineOnlyFlag=1 or MsgLifeTime=0).',
  'group-type-online-only': 'Not pushed: Meeting and AVChatRoom groups are online only.',
  'push-disabled': 'Not pushed: the sender disabled push for this message (disablePush, PushFlag=1).',
  'custom-without-desc': 'Not pushed: a message of custom elements is pushed only with a desc, and this one had none.',
  'not-receiving': 'Not pushed: the user’s option for this conversation is 1 (receive nothing).',
  'receive-without-push': 'Not pushed: the user’s option for this conversation is 2 (receive without offline push).',
  'mentions-only': 'Not pushed: the user’s option for this group is 3 (push only @ messages), and the message mentioned neither them nor @all.',
  'do-not-disturb': 'Not pushed: the message came inside the user’s do-not-disturb window.',
  'device-offline': 'Not pushed: the device was logged out.',
  'device-foreground': 'Not pushed: the device was in the foreground and got the message over its connection.',
  'no-push-config': 'Not pushed: the device had not reported a push config.',
  'voip-certificate': 'Not pushed: the device reported a VoIP certificate; messages never go to VoIP certificates, only call invites do.',
  'no-push-app': 'Not pushed: the push app the device’s report names no longer exists.',
  'token-refused': 'Not pushed: the vendor had refused the device’s token at an earlier push; the report is invalid until the app reports again.',
};

export function reasonSentence(reason: string): string {
  return (REASON_SENTENCES as Record<string, string>)[reason] ?? `Not pushed: ${reason}.`;
}

export function outcomeSummary(pushed: number, devices: number): string {
  if (devices === 0) return 'No device of the user had a push config, so nothing was pushed.';
  if (pushed === 0) return `None of the ${devices} device(s) with a push config was pushed.`;
  return `Pushed to ${pushed} of ${devices} device(s) with a push config.`;
}

/** What a finding may name; each sentence uses the fields it needs. */
export interface ProblemFacts {
  deviceId?: string;
  accessId?: number;
  businessID?: number;
  channel?: string;
  environment?: string;
  status?: string;
  reason?: string;
  pushId?: string;
}

/** The finding's code, whether it stops pushes, and its sentence. */
interface ProblemText {
  blocking: boolean;
  text: (f: ProblemFacts) => string;
}

const credentialName = (f: ProblemFacts) => `${f.channel ?? ''}${f.environment === undefined || f.environment === '' ? '' : ` ${f.environment}`} credential of push app ${f.accessId ?? ''}`;
const because = (reason: string | undefined) => (reason === undefined || reason === '' ? '' : ` (${reason})`);

export const PROBLEMS = {
  'no-devices': { blocking: true, text: () => 'The user has never logged in from a device, so there is nothing to push to.' },
  'no-push-config': {
    blocking: true,
    text: () => 'No logged-in device of the user has reported a push config: the app must call setOfflinePushConfig (setAPNS on iOS) after each login.',
  },
  'device-logged-out': {
    blocking: true,
    text: (f) => `Device ${f.deviceId} is logged out (logout, kick, or too long without a connection): it gets no offline push until it logs in and reports a push config again.`,
  },
  'report-invalid': {
    blocking: true,
    text: (f) => `The vendor refused the token device ${f.deviceId} reported${because(f.reason)}: it gets no push until the app reports a new token.`,
  },
  'push-device-invalid': {
    blocking: true,
    text: (f) => `The push device of device ${f.deviceId} in push app ${f.accessId} is ${f.status}${because(f.reason)}: pushes to it are not sent.`,
  },
  'push-device-missing': {
    blocking: true,
    text: (f) => `The Herald push token device ${f.deviceId} reported no longer exists in push app ${f.accessId}: the app must register with the push SDK and report the new token.`,
  },
  'vendor-token-missing': {
    blocking: true,
    text: (f) => `The push device of device ${f.deviceId} has no vendor token: the push SDK has not registered with a vendor channel yet.`,
  },
  'account-not-bound': {
    blocking: false,
    text: (f) => `The UserID is not bound to the push token of device ${f.deviceId} as account type 0. Offline push goes to the token, so this does not stop it, but TPNS account pushes to the UserID miss the device.`,
  },
  'certificate-missing': { blocking: true, text: (f) => `Device ${f.deviceId} reported certificate ${f.businessID}, which this IM app does not have.` },
  'certificate-deleted': {
    blocking: true,
    text: (f) => `Certificate ${f.businessID}, which device ${f.deviceId} reported, was deleted: nothing is pushed through it; the app must report another certificate ID.`,
  },
  'voip-certificate': {
    blocking: false,
    text: (f) => `Device ${f.deviceId} reported VoIP certificate ${f.businessID}: it is rung for call invites (APNs voip pushes), never pushed for messages.`,
  },
  'push-app-missing': { blocking: true, text: (f) => `Push app ${f.accessId}, which the report of device ${f.deviceId} names, no longer exists.` },
  'push-app-not-authorized': {
    blocking: false,
    text: (f) => `Push app ${f.accessId} is not authorized to this IM app: TPNS-mode reports of its tokens are removed with the authorization and new ones are refused; this one still counts its pushes in the push app's default plan.`,
  },
  'credential-missing': { blocking: true, text: (f) => `There is no ${credentialName(f)}, so pushes to device ${f.deviceId} fail.` },
  'credential-rejected': { blocking: true, text: (f) => `The vendor refused the ${credentialName(f)}${because(f.reason)}.` },
  'credential-unverified': { blocking: false, text: (f) => `The ${credentialName(f)} could not be checked with the vendor${because(f.reason)}.` },
  'credential-expired': { blocking: true, text: (f) => `The ${credentialName(f)} expired${because(f.reason)}.` },
  'last-push-not-delivered': {
    blocking: false,
    text: (f) => `The last push to device ${f.deviceId} (push ${f.pushId}) was ${f.status}${because(f.reason)}.`,
  },
} as const satisfies Record<string, ProblemText>;

export type ProblemCode = keyof typeof PROBLEMS;

export interface SelfCheckProblem {
  code: ProblemCode;
  /** True when it stops offline pushes: to `deviceId` when given, else to the user. */
  blocking: boolean;
  deviceId?: string;
  message: string;
}

export function problem(code: ProblemCode, facts: ProblemFacts = {}): SelfCheckProblem {
  const entry: ProblemText = PROBLEMS[code];
  return { code, blocking: entry.blocking, ...(facts.deviceId === undefined ? {} : { deviceId: facts.deviceId }), message: entry.text(facts) };
}
