import { RTS_ERROR, StatusError } from './errors'

/** The most a custom status may hold, in UTF-8 bytes (Tencent IM's limit). */
export const MAX_CUSTOM_STATUS_BYTES = 100

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'function') return 'a function'
  return `${typeof value} ${String(value)}`
}

/**
 * Errors name the bad value in development; production builds (where bundlers replace `process.env.NODE_ENV`) keep
 * the code and a short text, and check options not at all (see `options.ts`).
 */
export function invalid(message: string): StatusError {
  return new StatusError(RTS_ERROR.INVALID_ARGUMENT, message)
}

/**
 * Checks a list of user IDs and returns it without duplicates, in first-seen order.
 * Throws a `StatusError` (code `RTS_ERROR.INVALID_ARGUMENT`) naming the first bad value.
 */
export function validateUserIDs(userIDs: unknown, where: string): string[] {
  if (!Array.isArray(userIDs)) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `${where}: userIDs must be an array of user ID strings, got ${describe(userIDs)}`
        : `${where}: bad userIDs`,
    )
  }
  // One ID (a badge, a row): no set to build.
  if (userIDs.length === 1 && typeof userIDs[0] === 'string' && userIDs[0].trim() !== '') return [userIDs[0]]
  const seen = new Set<string>()
  for (let i = 0; i < userIDs.length; i++) {
    const id: unknown = userIDs[i]
    if (typeof id !== 'string' || id.trim() === '') {
      throw invalid(
        process.env.NODE_ENV !== 'production'
          ? typeof id !== 'string'
            ? `${where}: userIDs[${i}] must be a string, got ${describe(id)}`
            : `${where}: userIDs[${i}] is ${describe(id)}; a user ID cannot be empty or blank`
          : `${where}: bad userIDs[${i}]`,
      )
    }
    seen.add(id)
  }
  return [...seen]
}

/** Checks one user ID (for `<PresenceBadge userID>` and friends). */
export function validateUserID(userID: unknown, where: string): string {
  if (typeof userID !== 'string' || userID.trim() === '') {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? typeof userID !== 'string'
          ? `${where}: userID must be a string, got ${describe(userID)}`
          : `${where}: userID is ${describe(userID)}; it cannot be empty or blank`
        : `${where}: bad userID`,
    )
  }
  return userID
}

/** Length of a string in UTF-8 bytes (a lone surrogate counts 3, as the replacement character it is sent as). */
export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).length
}

/** Checks a custom status: a string of at most 100 UTF-8 bytes. */
export function validateCustomStatus(text: unknown, where: string): string {
  if (typeof text !== 'string') {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `${where}: customStatus must be a string, got ${describe(text)}`
        : `${where}: bad customStatus`,
    )
  }
  const bytes = utf8ByteLength(text)
  if (bytes > MAX_CUSTOM_STATUS_BYTES) {
    throw invalid(
      process.env.NODE_ENV !== 'production'
        ? `${where}: customStatus is ${bytes} bytes in UTF-8; the limit is ${MAX_CUSTOM_STATUS_BYTES} (nothing was sent)`
        : `${where}: customStatus over ${MAX_CUSTOM_STATUS_BYTES} bytes`,
    )
  }
  return text
}

/** Sets `record[key]` as an own, enumerable key, even for `__proto__` (which plain assignment would not create). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
  } else record[key] = value
}

/** Checks a duration given to `where`: a finite number of ms > 0. */
export function validateDuration(ms: unknown, where: string, name: string): number {
  if (typeof ms === 'number' && ms > 0 && ms < Number.POSITIVE_INFINITY) return ms
  throw invalid(
    process.env.NODE_ENV !== 'production'
      ? `${where}: ${name} must be a number of ms > 0, got ${describe(ms)} (nothing was sent)`
      : `${where}: bad ${name}`,
  )
}
