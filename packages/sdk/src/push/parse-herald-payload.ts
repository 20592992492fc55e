/**
 * Reads Herald's own key from a received notification (`userInfo` on iOS, the data of a web push): the push
 * builder puts `herald: {pid}` beside `aps`, and the SDK reports arrival and clicks with that push ID.
 */
export interface HeraldPayloadInfo {
  pushId: string;
}

export function parseHeraldPayload(userInfo: unknown): HeraldPayloadInfo | undefined {
  if (typeof userInfo !== 'object' || userInfo === null) return undefined;
  let herald = (userInfo as Record<string, unknown>)['herald'];
  // Some bridges hand custom keys over as JSON strings.
  if (typeof herald === 'string') {
    try {
      herald = JSON.parse(herald) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof herald !== 'object' || herald === null) return undefined;
  const pid = (herald as Record<string, unknown>)['pid'];
  return typeof pid === 'string' && pid.length > 0 ? { pushId: pid } : undefined;
}
