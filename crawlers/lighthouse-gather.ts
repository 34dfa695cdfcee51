// Lighthouse's navigation gather (`navigationGather` in its
// core/gather/navigation-runner.js), taken in its own steps so that only the
// measured load holds the machine alone: from the start of the trace and the
// network log to their end. Resolving the config, preparing the tab (a blank
// page, device emulation, the origin's cache and storage cleared), and after
// the load reading the page (axe, the other artifacts) measure no time, and
// run beside the crawl. The steps and their order are Lighthouse's own; only
// where the slot is taken and given back differs.
import type { Page } from 'puppeteer-core';

/** Runs a task while nothing else of the run works on the machine. */
export type Alone = <T>(task: () => Promise<T>) => Promise<T>;

/** What `Runner.audit` scores. */
export type Gathered = { artifacts: unknown; runnerOptions: unknown };

type Context = Record<string, unknown> & { baseArtifacts?: unknown };
type Phase = (context: unknown) => unknown;
type ResolvedConfig = { artifacts?: Array<{ gatherer: { instance: { stopInstrumentation: Phase } } }> };
interface Internals {
  initializeConfig: (mode: 'navigation', config: unknown, flags: unknown) => Promise<{ resolvedConfig: ResolvedConfig }>;
  newDriver: (page: Page) => unknown;
  setup: (context: Context) => Promise<{ baseArtifacts: unknown }>;
  navigation: (context: Context) => Promise<unknown>;
  cleanup: (context: Context) => Promise<void>;
  finalizeArtifacts: (base: unknown, artifacts: unknown) => unknown;
  gather: (gatherFn: () => Promise<unknown>, runnerOptions: unknown) => Promise<unknown>;
  normalizeUrl: (url: string) => string;
  setLogLevel: (level: string) => void;
}

let internals: Promise<Internals> | null = null;

/** Lighthouse's gather steps, loaded once per thread (only when Lighthouse is on). */
function load(): Promise<Internals> {
  internals ??= Promise.all([
    import('lighthouse/core/gather/navigation-runner.js'), import('lighthouse/core/config/config.js'), import('lighthouse/core/gather/driver.js'),
    import('lighthouse/core/gather/base-artifacts.js'), import('lighthouse/core/runner.js'), import('lighthouse/core/lib/url-utils.js'), import('lighthouse-logger'),
  ]).then(([runner, config, driver, base, core, url, log]) => {
    const r = runner as unknown as { _setup: Internals['setup']; _navigation: Internals['navigation']; _cleanup: Internals['cleanup'] };
    const Driver = (driver as unknown as { Driver: new (page: Page) => unknown }).Driver;
    const Runner = (core as unknown as { Runner: { gather: Internals['gather'] } }).Runner;
    return {
      initializeConfig: (config as unknown as Pick<Internals, 'initializeConfig'>).initializeConfig,
      newDriver: (page) => new Driver(page),
      setup: r._setup, navigation: r._navigation, cleanup: r._cleanup,
      finalizeArtifacts: (base as unknown as Pick<Internals, 'finalizeArtifacts'>).finalizeArtifacts,
      gather: (gatherFn, runnerOptions) => Runner.gather(gatherFn, runnerOptions),
      normalizeUrl: (u) => (url as unknown as { default: { normalizeUrl: (u: string) => string } }).default.normalizeUrl(u),
      setLogLevel: (level) => (log as unknown as { default: { setLevel: (l: string) => void } }).default.setLevel(level),
    };
  });
  return internals;
}

/**
 * Lighthouse's navigation of `url` in `page`, gathered for `Runner.audit`.
 * `setupAlone`: the tab's preparation holds the machine too (it measures the
 * machine, Lighthouse's BenchmarkIndex, on the thread's first run).
 */
export async function gatherNavigation(page: Page, url: string, options: { config: unknown; flags: Record<string, unknown> }, alone: Alone, setupAlone: boolean): Promise<Gathered> {
  const lh = await load();
  lh.setLogLevel(String(options.flags.logLevel ?? 'error'));
  const { resolvedConfig } = await lh.initializeConfig('navigation', options.config, options.flags);
  const runnerOptions = { resolvedConfig, computedCache: new Map() };
  const measured = whenMeasured(resolvedConfig);
  const gatherFn = async () => {
    const context: Context = { driver: lh.newDriver(page), page, resolvedConfig, requestor: lh.normalizeUrl(url), computedCache: runnerOptions.computedCache };
    const prepare = async () => (await lh.setup(context)).baseArtifacts;
    // The load starts under the slot and keeps it until the trace has ended (or the load did, if that mark never came).
    const measure = async (prepared: () => Promise<unknown>) => {
      let baseArtifacts: unknown;
      let load!: Promise<unknown>;
      await alone(async () => {
        baseArtifacts = await prepared();
        load = lh.navigation({ ...context, baseArtifacts });
        await Promise.race([measured, load.then(() => {}, () => {})]);
      });
      return { baseArtifacts, artifacts: await load };
    };
    const { baseArtifacts, artifacts } = setupAlone ? await measure(prepare) : await prepare().then((b) => measure(async () => b));
    await lh.cleanup(context);
    return lh.finalizeArtifacts(baseArtifacts, artifacts);
  };
  return { artifacts: await lh.gather(gatherFn, runnerOptions), runnerOptions };
}

/**
 * Settles when the measured part of the load is over. Lighthouse stops the
 * trace and the network log in one phase (stopSensitiveInstrumentation), then
 * calls each gatherer's next phase in the config's order: the first one's
 * call marks the end of the measurement.
 */
function whenMeasured(config: ResolvedConfig): Promise<void> {
  const first = config.artifacts?.[0]?.gatherer.instance;
  if (!first) return new Promise(() => {});
  return new Promise((resolve) => {
    const next = first.stopInstrumentation;
    first.stopInstrumentation = function (this: unknown, context: unknown) {
      resolve();
      return next.call(this, context);
    };
  });
}
