import { describe, expect, it } from 'vitest';
import { accessPoint, androidPackageName, iosBundleId, password } from './rules.ts';

describe('field rules', () => {
  it('iOS bundle IDs: reverse-DNS of letters, digits and hyphens', () => {
    for (const ok of ['com.example.app', 'com.Example-Co.app2', 'io.a']) expect(iosBundleId(ok), ok).toBeUndefined();
    for (const bad of ['app', 'com..app', '.com.app', 'com.app.', 'com.my_app', 'com.app ios', `com.${'a'.repeat(252)}`]) expect(iosBundleId(bad), bad).toBeDefined();
  });

  it('Android package names: parts start with a letter, then letters, digits or underscores', () => {
    for (const ok of ['com.example.app', 'com.example.my_app2', 'a.b']) expect(androidPackageName(ok), ok).toBeUndefined();
    for (const bad of ['app', 'com.1example', 'com.example-app', 'com._app', 'com.example.', 'com example.app']) expect(androidPackageName(bad), bad).toBeDefined();
  });

  it("access points: the server's label pattern", () => {
    expect(accessPoint('guangzhou')).toBeUndefined();
    expect(accessPoint('eu-west_1.a')).toBeUndefined();
    expect(accessPoint('')).toBeDefined();
    expect(accessPoint('x'.repeat(65))).toBeDefined();
  });

  it('passwords: long enough, not the username (any case), not one repeated character, not too long', () => {
    expect(password('root')('correct horse battery')).toBeUndefined();
    expect(password('root')('elevenchars')).toBe('Use at least 12 characters.');
    expect(password('LongUserName1')('longusername1')).toBe('The password cannot be the username.');
    expect(password('root')('x'.repeat(257))).toBe('Use at most 256 characters.');
  });
});
