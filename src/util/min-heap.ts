/**
 * A binary min-heap that knows where each item sits, so an item whose key went down
 * (`decreased`) moves up in place instead of being pushed twice.
 */
export class MinHeap<T> {
  private readonly items: T[] = [];
  private readonly positions = new Map<T, number>();

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    this.positions.set(item, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top === undefined) return undefined;
    this.positions.delete(top);
    const last = this.items.pop()!;
    if (this.items.length > 0) {
      this.place(last, 0);
      this.down(0);
    }
    return top;
  }

  /** `item`'s key went down; an item no longer in the heap is left alone. */
  decreased(item: T): void {
    const at = this.positions.get(item);
    if (at !== undefined) this.up(at);
  }

  private place(item: T, at: number): void {
    this.items[at] = item;
    this.positions.set(item, at);
  }

  private up(at: number): void {
    const item = this.items[at]!;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = this.items[parentAt]!;
      if (this.compare(item, parent) >= 0) break;
      this.place(parent, at);
      at = parentAt;
    }
    this.place(item, at);
  }

  private down(at: number): void {
    const item = this.items[at]!;
    const count = this.items.length;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= count) break;
      const right = left + 1;
      const child = right < count && this.compare(this.items[right]!, this.items[left]!) < 0 ? right : left;
      if (this.compare(this.items[child]!, item) >= 0) break;
      this.place(this.items[child]!, at);
      at = child;
    }
    this.place(item, at);
  }
}
