/**
 * One field of the entries of a hook's IDs (their statuses, their failures, ...), followed so that a change of one
 * ID costs O(1) whatever the number of IDs. The records it hands out are read-only views over one map, versioned:
 * the newest reads the map; when an ID changes, the version before keeps the old value, so that every view handed
 * out keeps showing its snapshot.
 */

/** What a hook's result holds of a field: see `Track`. */
export type Shape = 'every' | 'present' | 'any' | 'count' | 'first' | 'list'

/** Versions an old view reads through before it takes a copy of its values. */
const LONG_CHAIN = 32

/** A version of a record: `old` holds its values of the IDs changed after it; `next` is the next version. */
interface Version {
  old: Map<string, unknown>
  next?: Version
}

/** The IDs of a hook, in their order, with a plain object's key order for the views' `ownKeys`. */
export class IDOrder {
  readonly ids: readonly string[]
  readonly #places: Map<string, number>
  #keyOrder?: string[]

  constructor(ids: readonly string[]) {
    this.ids = ids
    this.#places = new Map(ids.map((id, place) => [id, place]))
  }

  has(id: string): boolean {
    return this.#places.has(id)
  }

  placeOf(id: string): number {
    return this.#places.get(id) as number
  }

  /** A plain object's key order: array indices ascending, then the other keys as added (here in ID order). */
  get keyOrder(): string[] {
    const rank = (id: string) =>
      String(+id >>> 0) === id && id !== '4294967295' ? +id : 2 ** 32 + this.placeOf(id)
    this.#keyOrder ??= [...this.ids].sort((a, b) => rank(a) - rank(b))
    return this.#keyOrder
  }
}

const refuse = () => false

export class Field {
  readonly #order: IDOrder
  /** The values present now (absent: null or undefined). */
  readonly #values = new Map<string, unknown>()
  /** The newest version handed out; its `old` fills with what changes until the next snapshot. */
  #version: Version = { old: new Map() }
  #changed = false
  /** The view of `#version`, and the IDs present in ID order: made when read. */
  #view?: Record<string, unknown>
  #present?: string[]

  constructor(order: IDOrder) {
    this.#order = order
  }

  /** Notes the value of `id` now; returns whether it changed. */
  note(id: string, value: unknown): boolean {
    const before = this.#values.get(id)
    if (value === before) return false
    if (!this.#version.old.has(id)) this.#version.old.set(id, before)
    if (value === undefined) this.#values.delete(id)
    else this.#values.set(id, value)
    this.#present = undefined
    this.#changed = true
    return true
  }

  /**
   * What a snapshot holds: a record for `every` and `present` (a new one after a change), how many are present for
   * `count`, else whether any is present.
   */
  snapshot(shape: Shape): unknown {
    if (this.#changed) {
      this.#changed = false
      this.#version = this.#version.next = { old: new Map() }
      this.#view = undefined
    }
    if (shape === 'count') return this.#values.size
    if (shape !== 'every' && shape !== 'present') return this.#values.size > 0
    this.#view ??= this.#makeView(this.#version, shape === 'every')
    return this.#view
  }

  /** The hook's result of a snapshot's value. */
  result(shape: Shape, snapshot: unknown): unknown {
    if (shape !== 'first' && shape !== 'list') return snapshot
    const order = this.#order
    this.#present ??= [...this.#values.keys()].sort((a, b) => order.placeOf(a) - order.placeOf(b))
    if (shape === 'list') return this.#present
    return this.#present.length > 0 ? this.#values.get(this.#present[0] as string) : null
  }

  #read(version: Version, id: string): unknown {
    let at: Version | undefined = version
    let steps = 0
    for (; at && !at.old.has(id); steps++) at = at.next
    // A view held long after (a ref, a memo) reads through every change since: it takes a copy of its own values
    // once, and lets go of the newer versions.
    if (steps > LONG_CHAIN && version.next) {
      const newer = version.next
      for (const other of this.#order.ids)
        if (!version.old.has(other)) version.old.set(other, this.#read(newer, other))
      version.next = undefined
    }
    return at ? at.old.get(id) : this.#values.get(id)
  }

  #makeView(version: Version, every: boolean): Record<string, unknown> {
    const order = this.#order
    const own = (key: string | symbol): key is string =>
      typeof key === 'string' && (every ? order.has(key) : this.#read(version, key) !== undefined)
    return new Proxy<Record<string, unknown>>(
      {},
      {
        get: (target, key, receiver) =>
          own(key) ? this.#read(version, key) : Reflect.get(target, key, receiver),
        has: (target, key) => own(key) || key in target,
        ownKeys: () => order.keyOrder.filter(own),
        // Configurable, as the target has no such property (a proxy's invariant).
        getOwnPropertyDescriptor: (_, key) =>
          own(key)
            ? { value: this.#read(version, key), writable: false, enumerable: true, configurable: true }
            : undefined,
        set: refuse,
        defineProperty: refuse,
        deleteProperty: refuse,
        preventExtensions: refuse,
        setPrototypeOf: refuse,
      },
    )
  }
}
