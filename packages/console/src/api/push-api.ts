/**
 * Pushing as the console (docs/management-api.md, "Pushes"): create a push with the body of `/v3/push/app`, the
 * app's tasks with their funnel, cancel and stop, upload an account or token package, and the app's plans with
 * their statistics, and create one.
 */
import type { ApiClient } from './http-client.ts';

/** Herald's counters of one channel (or all of them): targeted → sent → arrived → clicked, and the rest. */
export interface Funnel {
  targeted: number;
  sent: number;
  arrived: number;
  clicked: number;
  failed: number;
  invalid: number;
  expired: number;
}

export type ChannelFunnel = Funnel & { channel: string };

export interface FunnelView {
  channels: ChannelFunnel[];
  total: Funnel;
}

export interface PushTask {
  pushId: string;
  planId: string;
  status: string;
  audienceType: string;
  targets: string[];
  targetCount: number;
  uploadId: number | null;
  messageType: string;
  environment: string;
  title: string;
  content: string;
  sendAt: number;
  expireAt: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  funnel: FunnelView;
}

export interface PushTaskPage {
  total: number;
  offset: number;
  limit: number;
  pushes: PushTask[];
}

export interface PushPlan {
  planId: string;
  planName: string;
  planDescribe: string;
  planPushSource: string;
  createdAt: number;
  updatedAt: number;
  taskCount: number;
  funnel: FunnelView;
}

export interface PushAccepted {
  pushId: string;
  seq: number;
  environment: string;
  invalidTokens?: string[];
}

/** A package stored by POST /api/apps/:accessId/packages: push to it with its upload_id. */
export interface UploadedPackage {
  uploadId: number;
  fileName: string;
  /** Distinct accounts or tokens in it. */
  count: number;
}

/** The body of `/v3/push/app` (docs/push-api.md); the server checks it with the same rules. */
export type PushBody = Record<string, unknown>;

export function pushApi(client: ApiClient) {
  const base = (accessId: number) => `/api/apps/${accessId}`;
  return {
    create: (accessId: number, body: PushBody) => client.request<PushAccepted>('POST', `${base(accessId)}/pushes`, { body }),
    tasks: (accessId: number, page: { offset: number; limit: number }, signal?: AbortSignal) =>
      client.request<PushTaskPage>('GET', `${base(accessId)}/pushes`, { query: page, ...(signal === undefined ? {} : { signal }) }),
    cancel: (accessId: number, pushId: string) => client.request<PushTask>('POST', `${base(accessId)}/pushes/${pushId}/cancel`),
    stop: (accessId: number, pushId: string) => client.request<PushTask>('POST', `${base(accessId)}/pushes/${pushId}/stop`),
    plans: async (accessId: number, signal?: AbortSignal): Promise<PushPlan[]> =>
      (await client.request<{ plans: PushPlan[] }>('GET', `${base(accessId)}/plans`, signal === undefined ? {} : { signal })).plans,
    createPlan: (accessId: number, plan: { planName: string; planDescribe: string }) => client.request<PushPlan>('POST', `${base(accessId)}/plans`, { body: plan }),
    /** Multipart, as /v3/push/package/upload takes it: a package may be far larger than the JSON body limit. */
    uploadPackage: (accessId: number, file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return client.request<UploadedPackage>('POST', `${base(accessId)}/packages`, { body: form });
    },
  };
}

export type PushApi = ReturnType<typeof pushApi>;
