// A shared/exclusive gate: many holders at once, or one alone. The crawl's
// host slots and its CPU-heavy steps are shared; Lighthouse's performance run
// is exclusive, so it measures a machine where no other agency renders,
// judges or starts a request. A waiting exclusive holder stops new shared
// ones, so it is not starved by the crawl. A request over HTTP mostly waits on
// the network (a slow portal's for its whole time limit, and its retries'
// backoff): once started, it loads the machine too little for an exclusive
// holder to wait for it, so only the other shared holders are drained.
type Waiter = { go: () => void; onNetwork: boolean };

export class ExclusiveGate {
  /** Shared holders that load the machine (requests on the network are not counted): an exclusive one waits for them to end. */
  private shared = 0;
  private alone = false;
  private readonly waitingAlone: Array<() => void> = [];
  private readonly waitingShared: Waiter[] = [];

  /**
   * Runs `task` beside other shared tasks, never starting beside an exclusive
   * one. `onNetwork`: the task is a request that waits on the network; an
   * exclusive task does not wait for it to end.
   */
  async withShared<T>(task: () => Promise<T>, onNetwork = false): Promise<T> {
    if (this.alone || this.waitingAlone.length > 0) await new Promise<void>((go) => this.waitingShared.push({ go, onNetwork }));
    else this.enter(onNetwork);
    try {
      return await task();
    } finally {
      if (!onNetwork) this.shared--;
      this.pump();
    }
  }

  /** Runs `task` once every shared task that loads the machine has ended, holding new shared ones back until it is done. */
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

  private enter(onNetwork: boolean): void {
    if (!onNetwork) this.shared++;
  }

  /** Hands the gate on: to the next exclusive holder once the machine's shared holders are gone, else to every waiting shared one. */
  private pump(): void {
    if (this.alone) return;
    if (this.waitingAlone.length > 0) {
      if (this.shared > 0) return;
      this.alone = true;
      this.waitingAlone.shift()!();
      return;
    }
    for (const w of this.waitingShared.splice(0)) {
      this.enter(w.onNetwork);
      w.go();
    }
  }
}
