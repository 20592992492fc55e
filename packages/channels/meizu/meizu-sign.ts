/**
 * Meizu's request signature (MEIZUPUSH/PushAPI README, "接口签名规范", ✅ vendor doc on GitHub): sort every
 * parameter of the request except `sign` by name, concatenate them as `key=value` with no separator, append the
 * AppSecret, and take the MD5 as 32 lower-case hex digits. Values are signed raw, before URL encoding. The doc's
 * worked example: appId=10000, pushIds=RA50…a6b, messageJson=… → the string
 * `appId=10000messageJson={…}pushIds=RA50…a6b<APP_SECRET>`.
 */
import { createHash } from 'node:crypto';

export function meizuSign(params: Readonly<Record<string, string>>, appSecret: string): string {
  const base = Object.keys(params)
    .filter((k) => k !== 'sign')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('');
  return createHash('md5').update(base + appSecret, 'utf8').digest('hex');
}
