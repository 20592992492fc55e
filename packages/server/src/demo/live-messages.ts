/** A chat message arriving over a user's open connection (the `message` event of the chat SDK). */
import type { AnyChatMessage, ChatClient } from '@herald/sdk';
import { DemoFailure } from './demo-failure.ts';

/** Resolves with the next message from `from`; call it before sending. */
export function nextMessageFrom(chat: ChatClient, from: string, timeoutMs = 10_000): Promise<AnyChatMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new DemoFailure(`no message from ${from} arrived over the connection within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = chat.on('message', (m) => {
      if (m.from !== from) return;
      clearTimeout(timer);
      off();
      resolve(m);
    });
  });
}
