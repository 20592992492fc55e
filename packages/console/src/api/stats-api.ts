/** The overview of one push app: device counts and the push funnel per channel per day (docs/management-api.md). */
import type { ApiClient } from './http-client.ts';
import type { ChannelFunnel, Funnel } from './push-api.ts';

export interface DayDevices {
  date: string;
  new: number;
  active: number;
}

export interface DayPush {
  date: string;
  channels: ChannelFunnel[];
  total: Funnel;
}

export interface AppOverview {
  accessId: number;
  days: number;
  from: string;
  to: string;
  utcOffsetMinutes: number;
  devices: { total: number; new: number; active: number; daily: DayDevices[] };
  push: { channels: ChannelFunnel[]; total: Funnel; daily: DayPush[] };
}

export function statsApi(client: ApiClient) {
  return {
    overview: (accessId: number, days: number, signal?: AbortSignal) =>
      client.request<AppOverview>('GET', `/api/apps/${accessId}/overview`, { query: { days }, ...(signal === undefined ? {} : { signal }) }),
  };
}

export type StatsApi = ReturnType<typeof statsApi>;
