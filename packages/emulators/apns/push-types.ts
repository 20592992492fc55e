/** `apns-push-type` values Apple accepts and the topic suffix each one uses (vendor-push-protocols.md §1.3). */
export const APNS_PUSH_TYPE_SUFFIX: ReadonlyMap<string, string> = new Map([
  ['alert', ''],
  ['background', ''],
  ['complication', '.complication'],
  ['controls', '.push-type.controls'],
  ['fileprovider', '.pushkit.fileprovider'],
  ['liveactivity', '.push-type.liveactivity'],
  ['location', '.location-query'],
  ['mdm', ''],
  ['pushtotalk', '.voip-ptt'],
  ['voip', '.voip'],
  ['widgets', '.push-type.widgets'],
]);

const TOPIC_SUFFIXES = [...new Set(APNS_PUSH_TYPE_SUFFIX.values())].filter((s) => s !== '');

/** The bundle id a topic belongs to: `com.x.app.voip` → `com.x.app`. */
export function bundleIdOfTopic(topic: string): string {
  for (const suffix of TOPIC_SUFFIXES) {
    if (topic.endsWith(suffix)) return topic.slice(0, -suffix.length);
  }
  return topic;
}
