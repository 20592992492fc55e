/**
 * The FCM v1 `Message` as the emulator parses it: the REST reference's JSON representation
 * (https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages), field names in proto form
 * (snake_case; the lowerCamel JSON names are accepted too, as proto3 JSON requires). Field lists checked against
 * Google's generated API clients (google-fcm1 AndroidConfig / AndroidNotification, googleapis .NET/Ruby/Dart,
 * ✅ read here); `bandwidth_constrained_ok`, `restricted_satellite_ok` and `live_activity_token` are the newest.
 */

export type FieldType =
  | { t: 'string' }
  | { t: 'bool' }
  | { t: 'int32' }
  | { t: 'float' }
  | { t: 'duration' }
  | { t: 'timestamp' }
  | { t: 'enum'; type: string; values: readonly string[] }
  /** map<string, string> */
  | { t: 'map' }
  /** google.protobuf.Struct: any JSON object. */
  | { t: 'struct' }
  | { t: 'message'; type: string; fields: Schema }
  | { t: 'repeated'; of: FieldType };

export type Schema = Readonly<Record<string, FieldType>>;

const string: FieldType = { t: 'string' };
const bool: FieldType = { t: 'bool' };
const map: FieldType = { t: 'map' };
const duration: FieldType = { t: 'duration' };
const msg = (type: string, fields: Schema): FieldType => ({ t: 'message', type: `google.firebase.fcm.v1.${type}`, fields });

const Color = msg('Color', { red: { t: 'float' }, green: { t: 'float' }, blue: { t: 'float' }, alpha: { t: 'float' } });

const AndroidNotification = msg('AndroidNotification', {
  title: string,
  body: string,
  icon: string,
  color: string,
  sound: string,
  tag: string,
  click_action: string,
  body_loc_key: string,
  body_loc_args: { t: 'repeated', of: string },
  title_loc_key: string,
  title_loc_args: { t: 'repeated', of: string },
  channel_id: string,
  ticker: string,
  sticky: bool,
  event_time: { t: 'timestamp' },
  local_only: bool,
  notification_priority: {
    t: 'enum',
    type: 'google.firebase.fcm.v1.AndroidNotification.NotificationPriority',
    values: ['PRIORITY_UNSPECIFIED', 'PRIORITY_MIN', 'PRIORITY_LOW', 'PRIORITY_DEFAULT', 'PRIORITY_HIGH', 'PRIORITY_MAX'],
  },
  default_sound: bool,
  default_vibrate_timings: bool,
  default_light_settings: bool,
  vibrate_timings: { t: 'repeated', of: duration },
  visibility: { t: 'enum', type: 'google.firebase.fcm.v1.AndroidNotification.Visibility', values: ['VISIBILITY_UNSPECIFIED', 'PRIVATE', 'PUBLIC', 'SECRET'] },
  notification_count: { t: 'int32' },
  light_settings: msg('LightSettings', { color: Color, light_on_duration: duration, light_off_duration: duration }),
  image: string,
  bypass_proxy_notification: bool,
  proxy: { t: 'enum', type: 'google.firebase.fcm.v1.AndroidNotification.Proxy', values: ['PROXY_UNSPECIFIED', 'ALLOW', 'DENY', 'IF_PRIORITY_LOWERED'] },
});

const AndroidConfig = msg('AndroidConfig', {
  collapse_key: string,
  priority: { t: 'enum', type: 'google.firebase.fcm.v1.AndroidMessagePriority', values: ['NORMAL', 'HIGH'] },
  ttl: duration,
  restricted_package_name: string,
  data: map,
  notification: AndroidNotification,
  fcm_options: msg('AndroidFcmOptions', { analytics_label: string }),
  direct_boot_ok: bool,
  bandwidth_constrained_ok: bool,
  restricted_satellite_ok: bool,
});

const WebpushConfig = msg('WebpushConfig', {
  headers: map,
  data: map,
  notification: { t: 'struct' },
  fcm_options: msg('WebpushFcmOptions', { link: string, analytics_label: string }),
});

const ApnsConfig = msg('ApnsConfig', {
  headers: map,
  payload: { t: 'struct' },
  fcm_options: msg('ApnsFcmOptions', { analytics_label: string, image: string }),
  live_activity_token: string,
});

export const MESSAGE_SCHEMA: Schema = {
  name: string,
  data: map,
  notification: msg('Notification', { title: string, body: string, image: string }),
  android: AndroidConfig,
  webpush: WebpushConfig,
  apns: ApnsConfig,
  fcm_options: msg('FcmOptions', { analytics_label: string }),
  token: string,
  topic: string,
  condition: string,
};

/** The body of `projects.messages.send`. */
export const SEND_REQUEST_SCHEMA: Schema = {
  validate_only: bool,
  message: { t: 'message', type: 'google.firebase.fcm.v1.Message', fields: MESSAGE_SCHEMA },
};

/** The `target` oneof of Message. */
export const TARGET_FIELDS = ['token', 'topic', 'condition'] as const;
