/**
 * Least recently used pictures up to a byte budget. A picture being drawn is shared by everyone
 * who asks for it meanwhile, so a page of cards that share artwork draws it once.
 */
export class RenderedImageCache {
  private readonly entries = new Map<string, Promise<Buffer>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;
  private readonly budgetBytes: number;

  constructor(budgetBytes: number) {
    this.budgetBytes = budgetBytes;
  }

  get(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const cached = this.entries.get(key);
    if (cached) {
      // a Map iterates in insertion order: moving the entry to the end marks it recently used
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const rendering = render();
    this.entries.set(key, rendering);
    rendering.then(
      (image) => this.admit(key, image.length),
      () => this.entries.delete(key),
    );
    return rendering;
  }

  private admit(key: string, size: number): void {
    this.sizes.set(key, size);
    this.bytes += size;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.budgetBytes) break;
      // still being drawn, or the one just admitted
      if (!this.sizes.has(oldest) || oldest === key) continue;
      this.entries.delete(oldest);
      this.bytes -= this.sizes.get(oldest) ?? 0;
      this.sizes.delete(oldest);
    }
  }
}
