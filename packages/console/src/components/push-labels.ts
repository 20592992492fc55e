/** How the console names push task statuses, audiences and channels (the TPNS console's words). */

export const TASK_STATUS_LABEL: Record<string, string> = {
  PUSH_INIT: 'Queued',
  PUSH_WAIT: 'Scheduled',
  PUSH_STARTED: 'Sending',
  PUSH_FINISHED: 'Finished',
  PUSH_FAILED: 'Failed',
  PUSH_CANCELED: 'Cancelled',
  PUSH_DELETED_PUSH_MSG: 'Stopped',
};

/** Cancel: nothing dispatched yet. Stop: waiting or running (docs/push-api.md, cancel_timing_task / stop_push_msg). */
export const CANCELLABLE = new Set(['PUSH_INIT', 'PUSH_WAIT']);
export const STOPPABLE = new Set(['PUSH_INIT', 'PUSH_WAIT', 'PUSH_STARTED']);

export const AUDIENCE_LABEL: Record<string, string> = {
  all: 'All devices',
  tag: 'Tags',
  token: 'Token',
  token_list: 'Tokens',
  account: 'Account',
  account_list: 'Accounts',
  package_account_push: 'Account package',
  package_token_push: 'Token package',
};

/** TPNS's channel names as push_stat counts them. */
export const CHANNEL_LABEL: Record<string, string> = {
  apns: 'APNs',
  fcm: 'FCM',
  hw: 'Huawei',
  honor: 'Honor',
  xm: 'Xiaomi',
  oppo: 'OPPO',
  vivo: 'vivo',
  mz: 'Meizu',
  web: 'Web Push',
  xg: 'Other',
};

export function channelLabel(channel: string): string {
  return CHANNEL_LABEL[channel] ?? channel;
}

export const PLAN_SOURCE_LABEL: Record<string, string> = { default: 'default', api: 'API', console: 'console', im: 'IM message' };
