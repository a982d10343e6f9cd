// What both imports share: the counts, the progress, each problem printed as it happens (path or line and
// reason), the summary and the exit code.
import { createProgress } from './progress.js';
import type { Progress } from './progress.js';
import { sendInstances } from './sendInstances.js';
import type { OutgoingInstance } from './sendInstances.js';
import type { StowClient } from './stowClient.js';

export class ImportRun {
  /** Instances the PACS holds now (stored now or already there). */
  private stored = 0;
  /** Files or rows not sent: not DICOM, cut short, unreadable image. */
  private skipped = 0;
  /** Instances the PACS refused. */
  private failed = 0;
  private handled = 0;
  private readonly progress: Progress;

  /** `what` starts every line (`import dicom`); `total` is how many files or images will be handled. */
  constructor(
    private readonly what: string,
    private readonly total: number,
    private readonly unit: string,
  ) {
    this.progress = createProgress(`${what}: ${unit} handled`);
  }

  /** One file or row not sent, and why. */
  skip(reason: string): void {
    this.report(reason);
    this.skipped++;
    this.step();
  }

  /** Sends everything `instances` yields; `onStored` hears of each instance the PACS took. */
  async send(
    stow: StowClient,
    instances: AsyncIterable<OutgoingInstance>,
    batchSize: number,
    onStored: (instance: OutgoingInstance) => void = () => undefined,
  ): Promise<void> {
    try {
      await sendInstances(stow, instances, {
        batchSize,
        onStored: (instance) => {
          onStored(instance);
          this.stored++;
          this.step();
        },
        onFailed: (instance, reason) => {
          this.report(`${instance.source}: ${reason}`);
          this.failed++;
          this.step();
        },
      });
    } finally {
      this.progress.finish();
    }
  }

  summary(): string {
    return (
      `${this.what}: ${this.total} ${this.unit}: ${this.stored} stored in the PACS (new or already there), ` +
      `${this.skipped} skipped, ${this.failed} refused by the PACS`
    );
  }

  /** 0 when something was stored and the PACS refused nothing; 1 otherwise. */
  exitCode(): 0 | 1 {
    return this.stored > 0 && this.failed === 0 ? 0 : 1;
  }

  private step(): void {
    this.progress.update(++this.handled, this.total);
  }

  private report(message: string): void {
    this.progress.finish();
    console.error(message);
  }
}
