/**
 * Field rules the forms check before anything is sent. They mirror what the server enforces (the server stays
 * the authority: its refusals are shown as they come) and add the platform formats the server leaves open: the
 * management API takes any bundle ID without spaces, but APNs and the Android vendors only know well-formed ones.
 * Each rule returns the message to show, or undefined when the value is fine.
 */
export type Rule = (value: string) => string | undefined;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export function required(label: string): Rule {
  return (value) => (value.trim() === '' ? `${label} is required.` : undefined);
}

export function maxLength(label: string, max: number): Rule {
  return (value) => (value.length > max ? `${label} must be at most ${max} characters.` : undefined);
}

/** Apple: letters, digits, hyphens and periods, reverse-DNS (at least two parts), e.g. com.example.app. */
export const iosBundleId: Rule = (value) => {
  if (value.length > 255) return 'A bundle ID must be at most 255 characters.';
  return /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value)
    ? undefined
    : 'Use a reverse-DNS bundle ID of letters, digits and hyphens separated by periods, e.g. com.example.app.';
};

/** Android: at least two parts, each starting with a letter, then letters, digits or underscores. */
export const androidPackageName: Rule = (value) => {
  if (value.length > 255) return 'A package name must be at most 255 characters.';
  return /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/.test(value)
    ? undefined
    : 'Use a package name like com.example.app: parts separated by periods, each starting with a letter (letters, digits, underscores).';
};

export const accessPoint: Rule = (value) =>
  /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? undefined : 'Use 1–64 letters, digits, underscores, periods or hyphens.';

export const username: Rule = (value) => {
  if (value.length > 64) return 'A username must be at most 64 characters.';
  return /\s/.test(value) ? 'A username cannot contain spaces.' : undefined;
};

export function password(usernameValue: string): Rule {
  return (value) => {
    if (value.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
    if (value.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
    if (value.trim().toLowerCase() === usernameValue.trim().toLowerCase()) return 'The password cannot be the username.';
    if (/^(.)\1*$/.test(value)) return 'The password cannot be one character repeated.';
    return undefined;
  };
}

export function sameAs(other: string, message: string): Rule {
  return (value) => (value === other ? undefined : message);
}

/** The first message of the rules, in order. */
export function check(value: string, ...rules: Rule[]): string | undefined {
  for (const rule of rules) {
    const message = rule(value);
    if (message !== undefined) return message;
  }
  return undefined;
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export function hasErrors(errors: FieldErrors<string>): boolean {
  return Object.values(errors).some((m) => m !== undefined);
}
