// A shared/exclusive gate: many holders at once, or one alone. The crawl's
// host slots are shared; Lighthouse's performance run is exclusive, so it
// measures a machine where no other agency fetches or renders. A waiting
// exclusive holder stops new shared ones, so it is not starved by the crawl.
export class ExclusiveGate {
  private shared = 0;
  private alone = false;
  private readonly waitingAlone: Array<() => void> = [];
  private readonly waitingShared: Array<() => void> = [];

  /** Runs `task` beside other shared tasks, never beside an exclusive one. */
  async withShared<T>(task: () => Promise<T>): Promise<T> {
    if (this.alone || this.waitingAlone.length > 0) await new Promise<void>((go) => this.waitingShared.push(go));
    else this.shared++;
    try {
      return await task();
    } finally {
      this.shared--;
      this.pump();
    }
  }

  /** Runs `task` once every shared task has ended, holding new ones back until it is done. */
  async withExclusive<T>(task: () => Promise<T>): Promise<T> {
    if (this.alone || this.shared > 0 || this.waitingAlone.length > 0) await new Promise<void>((go) => this.waitingAlone.push(go));
    else this.alone = true;
    try {
      return await task();
    } finally {
      this.alone = false;
      this.pump();
    }
  }

  /** Hands the gate on: to the next exclusive holder once the shared ones are gone, else to every waiting shared one. */
  private pump(): void {
    if (this.alone) return;
    if (this.waitingAlone.length > 0) {
      if (this.shared > 0) return;
      this.alone = true;
      this.waitingAlone.shift()!();
      return;
    }
    this.shared += this.waitingShared.length;
    for (const go of this.waitingShared.splice(0)) go();
  }
}
