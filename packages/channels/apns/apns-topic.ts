/** `apns-topic` suffixes per push type (Apple, "Sending notification requests to APNs"; vendor-push-protocols.md §1.3). */
const TOPIC_SUFFIX: Readonly<Record<string, string>> = {
  voip: '.voip',
  complication: '.complication',
  fileprovider: '.pushkit.fileprovider',
  liveactivity: '.push-type.liveactivity',
  location: '.location-query',
  pushtotalk: '.voip-ptt',
  widgets: '.push-type.widgets',
  controls: '.push-type.controls',
};

export function apnsTopicFor(base: string, pushType: string | undefined): string {
  const suffix = pushType === undefined ? undefined : TOPIC_SUFFIX[pushType];
  if (suffix === undefined || base.endsWith(suffix)) return base;
  return base + suffix;
}

/** Apple: 4096 bytes, 5120 for VoIP. */
export function apnsPayloadLimit(pushType: string | undefined): number {
  return pushType === 'voip' ? 5120 : 4096;
}
