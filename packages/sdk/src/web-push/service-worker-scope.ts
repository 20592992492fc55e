/**
 * The few service-worker globals the Herald worker uses. The project compiles against the DOM library only
 * (a page and a worker cannot share one `lib`), so the worker's event and client types are spelled out here,
 * as the Push API and Notifications API define them.
 */
export interface ExtendableEventLike extends Event {
  waitUntil(work: Promise<unknown>): void;
}

export interface PushMessageDataLike {
  text(): string;
}

export interface PushEventLike extends ExtendableEventLike {
  readonly data: PushMessageDataLike | null;
}

export interface NotificationEventLike extends ExtendableEventLike {
  readonly notification: Notification;
  readonly action: string;
}

export interface PushSubscriptionChangeEventLike extends ExtendableEventLike {
  readonly oldSubscription?: PushSubscription | null;
  readonly newSubscription?: PushSubscription | null;
}

export interface WindowClientLike {
  readonly url: string;
  readonly focused: boolean;
  readonly visibilityState: DocumentVisibilityState;
  focus(): Promise<WindowClientLike>;
  postMessage(message: unknown): void;
}

export interface ClientsLike {
  matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowClientLike[]>;
  openWindow(url: string): Promise<WindowClientLike | null>;
}

export interface ServiceWorkerScopeLike extends EventTarget {
  readonly registration: ServiceWorkerRegistration;
  readonly clients: ClientsLike;
  readonly navigator: { setAppBadge?(contents?: number): Promise<void> };
}
