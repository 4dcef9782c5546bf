/**
 * The fake SDK's event handlers, as the SDK keeps them (eventemitter3): one argument `{name, data}`; the same
 * function registered twice runs twice; `off(name, fn)` removes every registration of it; a handler removed during
 * an emit still runs in that emit; a throwing handler is swallowed (kept here so tests can see it) and the others
 * still run; bad arguments throw `Params validate failed.`
 */

// biome-ignore lint/complexity/noBannedTypes: handlers are stored as the SDK receives them.
type Handler = Function

interface Registration {
  eventName: string
  handler: Handler
  context: unknown
}

/** Thrown by the SDK's parameter checks. */
export const PARAMS_VALIDATE_FAILED = 'Params validate failed.'

function checkListenerArgs(eventName: unknown, handler: unknown): void {
  if (typeof eventName !== 'string' || eventName.length === 0 || typeof handler !== 'function') {
    throw new Error(PARAMS_VALIDATE_FAILED)
  }
}

/** The handlers of one fake SDK instance. */
export function createEventHub() {
  const registrations: Registration[] = []
  const handlerErrors: unknown[] = []
  return {
    handlerErrors: handlerErrors as readonly unknown[],
    on(eventName: string, handler: Handler, context?: unknown): void {
      checkListenerArgs(eventName, handler)
      registrations.push({ eventName, handler, context })
    },
    off(eventName: string, handler: Handler, context?: unknown): void {
      checkListenerArgs(eventName, handler)
      for (let index = registrations.length - 1; index >= 0; index -= 1) {
        const entry = registrations[index]
        if (!entry || entry.eventName !== eventName || entry.handler !== handler) continue
        if (context !== undefined && entry.context !== context) continue
        registrations.splice(index, 1)
      }
    },
    /** Calls every handler of `name` with `{name, data}`, on a snapshot of the handlers. */
    emit(name: string, data: unknown): void {
      for (const registration of registrations.filter((entry) => entry.eventName === name)) {
        try {
          registration.handler.call(registration.context, { name, data })
        } catch (error) {
          handlerErrors.push(error)
        }
      }
    },
    listenerCount(eventName?: string): number {
      return eventName === undefined
        ? registrations.length
        : registrations.filter((entry) => entry.eventName === eventName).length
    },
  }
}
