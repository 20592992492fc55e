/**
 * The CallbackCommand names an app may enable. Only the commands Herald actually calls are accepted: enabling a
 * Tencent command Herald never sends would be a silent misconfiguration.
 */
export const CALLBACK_COMMANDS = [
  'C2C.CallbackBeforeSendMsg',
  'C2C.CallbackAfterSendMsg',
  'Group.CallbackBeforeSendMsg',
  'Group.CallbackAfterSendMsg',
] as const;

export type CallbackCommand = (typeof CALLBACK_COMMANDS)[number];

export function isCallbackCommand(value: unknown): value is CallbackCommand {
  return typeof value === 'string' && (CALLBACK_COMMANDS as readonly string[]).includes(value);
}

/** `OptPlatform` values of Tencent's callback protocol. */
export const OPT_PLATFORMS = ['RESTAPI', 'Web', 'Android', 'iOS', 'Windows', 'macOS', 'iPad', 'Unknown'] as const;

/** The session's platform (as the client named it at login) in Tencent's spelling; anything else is `Unknown`. */
export function optPlatformOf(platform: string): string {
  const match = OPT_PLATFORMS.find((p) => p.toLowerCase() === platform.toLowerCase());
  return match ?? (platform.toLowerCase() === 'mac' ? 'macOS' : 'Unknown');
}
