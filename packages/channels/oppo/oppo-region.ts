/**
 * Which OPPO host serves a registration id (✅ OPPO "调用地址，公共参数和返回码"): split it on "_"; one part, or
 * two parts with the first "CN", or three parts with the second "CN" is a China device
 * (`b6bb…`, `CN_b6bb…`, `OPPO_CN_b6bb…`); anything else is overseas.
 */
export type OppoRegion = 'cn' | 'intl';

export function oppoRegionOf(registrationId: string): OppoRegion {
  const parts = registrationId.split('_');
  if (parts.length === 1) return 'cn';
  if (parts.length === 2) return parts[0] === 'CN' ? 'cn' : 'intl';
  if (parts.length === 3) return parts[1] === 'CN' ? 'cn' : 'intl';
  return 'intl';
}
