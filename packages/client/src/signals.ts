/**
 * Abort plumbing. Every abort carries an EidgateError as its reason, so whoever catches it knows
 * whether the caller aborted or which time limit passed — even when several limits are stacked
 * (identify's overall limit around each request's own one).
 */
import { EidgateError, isEidgateError } from './errors.ts';

export interface Scope {
  readonly signal: AbortSignal;
  /** Milliseconds left before this scope's own time limit. */
  remainingMs(): number;
  /** Stops the timer and detaches from the parent signal; call when the work is done. */
  dispose(): void;
}

function callerAbort(parent: AbortSignal): EidgateError {
  if (isEidgateError(parent.reason)) return parent.reason;
  return new EidgateError({ kind: 'aborted', message: 'aborted by the caller', cause: parent.reason });
}

/**
 * A signal that aborts when `parent` aborts or when `timeoutMs` passes, whichever comes first.
 * Written out rather than AbortSignal.any + AbortSignal.timeout: the reasons are what matter here,
 * and browsers shipped AbortSignal.any only in 2023–2024.
 */
export function scope(parent: AbortSignal | undefined, timeoutMs: number, onTimeout: () => EidgateError): Scope {
  const controller = new AbortController();
  const deadline = Date.now() + timeoutMs;
  const abortFromParent = () => controller.abort(callerAbort(parent as AbortSignal));
  const timer = setTimeout(() => controller.abort(onTimeout()), timeoutMs);
  if (parent?.aborted) abortFromParent();
  else parent?.addEventListener('abort', abortFromParent, { once: true });
  return {
    signal: controller.signal,
    remainingMs: () => Math.max(0, deadline - Date.now()),
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', abortFromParent);
    },
  };
}

/** The EidgateError an aborted scope's signal carries. */
export function abortReason(signal: AbortSignal): EidgateError {
  return isEidgateError(signal.reason)
    ? signal.reason
    : new EidgateError({ kind: 'aborted', message: 'aborted', cause: signal.reason });
}

/** Resolves after `ms`, or rejects with the abort reason as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
