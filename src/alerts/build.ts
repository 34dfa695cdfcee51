// What a run has to tell the operator, from the run and the ones before it:
// agencies that went down, indicators that regressed, new over-claims. Low
// noise: a portal counts as down, and a drop as a regression, only once N
// nights in a row agree, and each is reported once, on the night it is
// confirmed. Pure functions of export documents (newest first).
import type { ExportAgency, ExportDoc } from '../report/json.ts';

export const ALERT_SCHEMA = 'portal-audit/alert@1';
export const DEFAULT_ALERT_AFTER_NIGHTS = 2;

/** A down portal is `blocked` when it refused the crawler (403/429, a challenge, a geo-block), else `failed`. */
export type AgencyState = 'ok' | 'failed' | 'blocked';

/** The one place that decides whether an agency was down on a night, and how. */
export function agencyState(a: ExportAgency): AgencyState {
  if (a.blocked) return 'blocked';
  return a.error === null ? 'ok' : 'failed';
}

export interface Link { path: string; url?: string }
export interface RunRef { id: number; asOf: string }

export interface AgencyDown extends Link {
  agency: string; name: { fa: string; en: string }; state: Exclude<AgencyState, 'ok'>; error: string | null;
  /** Nights in a row it has been down, this one included (= the threshold on the night it is reported). */
  nights: number; since: RunRef;
}
export interface Regression extends Link {
  agency: string; name: { fa: string; en: string }; indicator: string; pillar: string;
  /** The last night before the drop, and tonight. */
  before: { run: RunRef; outcome: string; score: number };
  after: { outcome: string; score: number };
  nights: number;
}
export interface OverClaim extends Link {
  agency: string; name: { fa: string; en: string }; indicator: string; declared: number | null; observed: number | null; suspected: boolean; round: string;
}
export interface RunTotals {
  agencies: number; scored: number; failed: number; blocked: number;
  nationalScore: number | null; previousNationalScore: number | null;
}
export interface AlertDoc {
  schema: string;
  run: RunRef & Link & { finishedAt: string | null; model: string; manifestSha256: string | null };
  alertAfterNights: number;
  /** One line for chat bridges, in the command line's language. */
  text: string;
  totals: RunTotals;
  agenciesDown: AgencyDown[];
  regressions: Regression[];
  overClaims: OverClaim[];
}

export interface AlertOptions {
  nights: number;
  /** The review UI's address; without it items carry only their path in the UI. */
  uiUrl?: string;
}

const ref = (d: ExportDoc): RunRef => ({ id: d.run.id, asOf: d.run.asOf });
const find = (d: ExportDoc | undefined, id: string) => d?.agencies.find((a) => a.id === id);

export function link(path: string, uiUrl: string | undefined): Link {
  return uiUrl ? { path, url: `${uiUrl.replace(/\/+$/, '')}${path}` } : { path };
}

/** Nights in a row, from tonight back, on which `test` holds; a night the agency was not audited ends the streak. */
function streak(history: ExportDoc[], id: string, test: (a: ExportAgency) => boolean): number {
  let n = 0;
  for (const d of history) {
    const a = find(d, id);
    if (!a || !test(a)) break;
    n++;
  }
  return n;
}

export function agenciesDown(history: ExportDoc[], o: AlertOptions): AgencyDown[] {
  const [tonight] = history;
  return tonight.agencies.flatMap((a) => {
    const state = agencyState(a);
    if (state === 'ok') return [];
    // Exactly N: reported on the night the N-th agrees, not again while it stays down.
    if (streak(history, a.id, (x) => agencyState(x) !== 'ok') !== o.nights) return [];
    return [{ agency: a.id, name: a.name, state, error: a.error, nights: o.nights, since: ref(history[o.nights - 1]), ...link(`/runs/${tonight.run.id}/agencies/${a.id}`, o.uiUrl) }];
  });
}

function scoreOf(d: ExportDoc | undefined, agency: string, indicator: string): { outcome: string; score: number | null } | null {
  const i = find(d, agency)?.indicators.find((x) => x.id === indicator);
  return i ? { outcome: i.outcome, score: i.score } : null;
}

/**
 * A drop from the night before the window to the window's first night, with
 * every night of the window below that baseline: a one-night dip never
 * counts, and a regression is reported once, N nights after it began.
 */
export function regressions(history: ExportDoc[], o: AlertOptions): Regression[] {
  const [tonight] = history;
  const baselineDoc = history[o.nights];
  if (!baselineDoc) return [];
  return tonight.agencies.flatMap((a) => a.indicators.flatMap((ind): Regression[] => {
    const baseline = scoreOf(baselineDoc, a.id, ind.id);
    const before = baseline?.score ?? null;
    if (baseline === null || before === null) return [];
    const window = history.slice(0, o.nights).map((d) => scoreOf(d, a.id, ind.id)?.score ?? null);
    if (!window.every((s) => s !== null && s < before)) return [];
    return [{
      agency: a.id, name: a.name, indicator: ind.id, pillar: ind.pillar,
      before: { run: ref(baselineDoc), outcome: baseline.outcome, score: before },
      after: { outcome: ind.outcome, score: ind.score! }, nights: o.nights,
      ...link(`/compare?from=${baselineDoc.run.id}&to=${tonight.run.id}`, o.uiUrl),
    }];
  }));
}

/**
 * Over-claims of tonight against the latest round that none of the previous
 * N nights showed against the same round (nights before the round was
 * imported were never checked against it, so they do not count).
 */
export function newOverClaims(history: ExportDoc[], o: AlertOptions): OverClaim[] {
  const [tonight, ...before] = history;
  const round = tonight.declarations;
  if (!round) return [];
  const seen = before.slice(0, o.nights)
    .filter((d) => d.declarations?.round === round.round && d.declarations.importedAt === round.importedAt && (d.run.finishedAt ?? '') >= round.importedAt);
  const overClaimed = (d: ExportDoc | undefined, agency: string, indicator: string) =>
    find(d, agency)?.indicators.some((i) => i.id === indicator && i.verdict === 'over-claimed') ?? false;
  return tonight.agencies.flatMap((a) => a.indicators
    .filter((i) => i.verdict === 'over-claimed' && !seen.some((d) => overClaimed(d, a.id, i.id)))
    .map((i) => ({ agency: a.id, name: a.name, indicator: i.id, declared: i.declared, observed: i.score, suspected: i.suspected, round: round.round,
      ...link(`/runs/${tonight.run.id}/agencies/${a.id}`, o.uiUrl) })));
}

export function runTotals(history: ExportDoc[]): RunTotals {
  const [tonight, previous] = history;
  const states = tonight.agencies.map(agencyState);
  return {
    agencies: tonight.agencies.length, scored: tonight.national.scored,
    failed: states.filter((s) => s === 'failed').length, blocked: states.filter((s) => s === 'blocked').length,
    nationalScore: tonight.national.score, previousNationalScore: previous?.national.score ?? null,
  };
}

/** The alert for tonight (history[0]) given the nights before it, newest first. `text` is filled by the caller's language. */
export function buildAlert(history: ExportDoc[], o: AlertOptions): Omit<AlertDoc, 'text'> {
  const [tonight] = history;
  return {
    schema: ALERT_SCHEMA,
    run: { ...ref(tonight), finishedAt: tonight.run.finishedAt, model: tonight.run.model, manifestSha256: tonight.run.manifestSha256, ...link(`/runs/${tonight.run.id}`, o.uiUrl) },
    alertAfterNights: o.nights,
    totals: runTotals(history),
    agenciesDown: agenciesDown(history, o),
    regressions: regressions(history, o),
    overClaims: newOverClaims(history, o),
  };
}

export function hasNews(alert: Pick<AlertDoc, 'agenciesDown' | 'regressions' | 'overClaims'>): boolean {
  return alert.agenciesDown.length + alert.regressions.length + alert.overClaims.length > 0;
}
