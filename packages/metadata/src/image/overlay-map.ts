/**
 * An immutable map with cheap updates, for the image's large maps (topics by id and by name,
 * configs): a shared flat base plus an overlay of the entries changed since. An update copies
 * only the overlay; when the overlay outgrows OVERLAY_ENTRIES_MIN + sqrt(size) it is folded
 * into a new base. So a batch that touches k entries costs O(k + sqrt(n)) amortised instead of
 * a copy of the whole map, and a read is at most two lookups.
 */
const DELETED: unique symbol = Symbol("deleted");
type Slot<V> = V | typeof DELETED;

/** Overlays smaller than this are never folded (folding tiny maps gains nothing). */
const OVERLAY_ENTRIES_MIN = 32;

export class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  static empty<K, V>(): OverlayMap<K, V> {
    return new OverlayMap<K, V>(new Map<K, V>(), new Map<K, Slot<V>>(), 0);
  }

  readonly #base: ReadonlyMap<K, V>;
  readonly #overlay: ReadonlyMap<K, Slot<V>>;
  private constructor(
    base: ReadonlyMap<K, V>,
    overlay: ReadonlyMap<K, Slot<V>>,
    readonly size: number,
  ) {
    this.#base = base;
    this.#overlay = overlay;
  }

  get(key: K): V | undefined {
    const slot = this.#overlay.get(key);
    if (slot !== undefined) return slot === DELETED ? undefined : slot;
    return this.#base.get(key);
  }

  has(key: K): boolean {
    const slot = this.#overlay.get(key);
    if (slot !== undefined) return slot !== DELETED;
    return this.#base.has(key);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.#base) if (!this.#overlay.has(key)) yield [key, value];
    for (const [key, slot] of this.#overlay) if (slot !== DELETED) yield [key, slot];
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  /** This map with `changes` applied (`undefined` values delete). */
  with(changes: ReadonlyMap<K, V | undefined>): OverlayMap<K, V> {
    if (changes.size === 0) return this;
    const overlay = new Map(this.#overlay);
    let size = this.size;
    for (const [key, value] of changes) {
      const had = this.has(key);
      if (value === undefined) {
        if (!had) continue;
        size--;
        if (this.#base.has(key)) overlay.set(key, DELETED);
        else overlay.delete(key);
      } else {
        if (!had) size++;
        overlay.set(key, value);
      }
    }
    if (overlay.size <= OVERLAY_ENTRIES_MIN + Math.sqrt(size))
      return new OverlayMap(this.#base, overlay, size);
    const flat = new Map<K, V>();
    for (const [key, value] of this.#base) if (!overlay.has(key)) flat.set(key, value);
    for (const [key, slot] of overlay) if (slot !== DELETED) flat.set(key, slot);
    return new OverlayMap(flat, new Map(), size);
  }
}
