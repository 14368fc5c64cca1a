/**
 * Runs saves one at a time. A save asked for while one is in flight runs once after it, with
 * the text as it is then; so two saves never race each other into a self-made conflict.
 */
export class SaveQueue {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly saveOnce: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.saveOnce();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
