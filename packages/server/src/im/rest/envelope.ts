/** Tencent's success envelope; failures are rendered by the error handler (`ActionStatus: 'FAIL'`). */
export interface ImOk {
  ActionStatus: 'OK';
  ErrorCode: 0;
  ErrorInfo: '';
}

export function imOk<T extends Record<string, unknown>>(fields?: T): ImOk & T {
  return { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...(fields ?? ({} as T)) };
}
