/**
 * @module detectors/trigger-ablation
 * Backdoor triggers found by ablation, after Backdoor Keyword Identification (Chen & Dai 2021, "Mitigating
 * backdoor attacks in LSTM-based text classification systems by Backdoor Keyword Identification") and the
 * occlusion tests of SentiNet (Chou et al. 2020), generalised from words to any feature: find small feature
 * patterns whose carriers are concentrated on one class (feature-items.ts), merge the parts of one pattern
 * (trigger-groups.ts), then set the pattern to its columns' usual values and ask the cross-validation model
 * that never trained on each carrier what it predicts. A pattern is a trigger when, with 95% confidence, most of
 * its carriers then clearly read as another class (at least twice as likely as their own label, each relative
 * to its base rate, so a rare class is not "read as another" merely for being rare): the pattern alone, not the
 * rest of the row, carries their label. Natural features that decide a class (a spam word, a capital gain of
 * 99,999) fail that test because the rest of their rows still leans to the label.
 * Blind spots: triggers spread thinly over many features (blend, warping, style or syntax triggers), and
 * clean-label attacks, whose carriers really are the target class.
 */
import { classCounts, type Dataset } from '../../core/dataset.ts';
import { inputError } from '../../core/errors.ts';
import { gather } from '../../scan/surrogate.ts';
import type { Detector, DetectorContext, DetectorResult } from '../detector.ts';
import { emptyResult } from '../detector.ts';
import { concentratedItems, countItems, profileColumns, type ColumnProfile } from './feature-items.ts';
import { pairGroups } from './trigger-pairs.ts';
import { groupItems, type ItemGroup } from './trigger-groups.ts';
import { describeGroup } from './describe-group.ts';

export interface TriggerAblationOptions {
  /** fewest rows of one class that must carry a pattern for it to be tested (default 10) */
  minRows?: number;
  /** most candidate items tested, largest first (default 1024) */
  maxItems?: number;
}

interface GroupVerdict {
  group: ItemGroup;
  /** per carrier: reads as another class without the pattern (flagged when the group is a trigger) */
  overtaken: Uint8Array;
  /** per carrier: the ablated probability of its label */
  ablatedOwn: Float32Array;
  /** per carrier: overtaken only when judged by models that never saw any carrier (recheckCarriers) */
  rechecked: Uint8Array;
  /** share of carriers that clearly read as another class without the pattern */
  share: number;
  trigger: boolean;
}

/** "clearly reads as another class": that class at least this many times likelier, relative to base rates */
const CLEAR_MARGIN = 2;

export function createTriggerAblationDetector(options: TriggerAblationOptions = {}): Detector {
  const minRows = options.minRows ?? 10;
  const maxItems = options.maxItems ?? 1024;
  if (!Number.isInteger(minRows) || minRows < 2) throw inputError('USAGE_INVALID_OPTION', 'trigger-ablation minRows must be an integer of at least 2', { field: 'minRows', got: String(minRows) });
  if (!Number.isInteger(maxItems) || maxItems < 1) throw inputError('USAGE_INVALID_OPTION', 'trigger-ablation maxItems must be a positive integer', { field: 'maxItems', got: String(maxItems) });
  return Object.freeze({
    name: 'trigger-ablation',
    threat: 'backdoor' as const,
    role: 'verdict' as const,
    requires: ['labels'] as const,
    description: 'feature patterns that alone decide their rows\' label: without them, models that never saw the rows read another class (backdoor triggers)',
    async run(ds: Dataset, ctx: DetectorContext): Promise<DetectorResult> {
      const profile = profileColumns(ds);
      const counted = countItems(ds, profile);
      const items = concentratedItems(ds, profile, { minRows, maxItems }, counted);
      const groups = [...groupItems(items), ...pairGroups(ds, profile, counted, minRows)];
      if (!groups.length) return emptyResult('trigger-ablation', ds.n, { candidates: 0, groups: [] });
      const verdicts = await ablate(ds, profile, groups, ctx, minRows);
      const prior = classShares(ds);
      await recheckCarriers(ds, verdicts.filter((v) => v.trigger), ctx, prior);
      // naming a text pattern reads its rows' raw text: name a group only when it is shown, and once
      const names = new Map<GroupVerdict, string>();
      const nameOf = (v: GroupVerdict) => names.get(v) ?? names.set(v, describeGroup(ds, v.group.items)).get(v)!;
      const suspicion = new Float32Array(ds.n), flaggedMask = new Uint8Array(ds.n);
      const reasons = new Map<number, string>();
      for (const v of verdicts) {
        const label = ds.classNames[v.group.cls];
        v.group.rows.forEach((r, k) => {
          suspicion[r] = Math.max(suspicion[r], v.share * (1 - v.ablatedOwn[k]));
          if (!v.trigger || !v.overtaken[k]) return;
          flaggedMask[r] = 1;
          const judged = v.rechecked[k] ? 'models that never saw any row carrying it' : 'without it, models that never saw this row';
          reasons.set(r, `carries ${nameOf(v)}; ${judged} give its label '${label}' ${pct(v.ablatedOwn[k])} (base rate ${pct(prior[v.group.cls])}) — ` +
            `${pct(v.share)} of the ${v.group.rows.length} '${label}' rows carrying it clearly read as another class once it is removed: a backdoor trigger`);
        });
      }
      const flagged = flaggedMask.reduce((a, b) => a + b, 0);
      const findings = verdicts.filter((v) => v.trigger).map((v) => `${nameOf(v)} decides the label '${ds.classNames[v.group.cls]}' of ${v.group.rows.length} rows: ` +
        `without it, ${pct(v.share)} of them clearly read as another class (a likely backdoor trigger)`);
      return {
        detector: 'trigger-ablation', suspicion, flaggedMask, reasons, estimatedContamination: flagged / ds.n, findings,
        evidence: {
          candidates: items.length,
          groups: verdicts.filter((v) => v.share >= 0.25).sort((a, b) => b.share - a.share).slice(0, 20).map((v) => ({
            pattern: nameOf(v), className: ds.classNames[v.group.cls], rows: v.group.rows.length,
            clearlyOther: Math.round(v.share * v.group.rows.length), share: v.share, trigger: v.trigger,
          })),
        },
      };
    },
  });
}

/** each group's carriers, with the group set to its columns' usual values, through the model that held each out */
async function ablate(ds: Dataset, profile: ColumnProfile, groups: readonly ItemGroup[], ctx: DetectorContext, minRows: number): Promise<GroupVerdict[]> {
  const cv = await ctx.features.crossValidation();
  const C = ds.classNames.length, d = ds.d;
  const tested = groups.filter((g) => g.rows.length >= minRows);
  const ablatedOwn = tested.map((g) => new Float32Array(g.rows.length));
  const overtaken = tested.map((g) => new Uint8Array(g.rows.length));
  const clearly = tested.map(() => 0);
  const prior = classShares(ds);
  for (let f = 0; f < cv.models.length; f++) {
    const at: [number, number][] = [];
    tested.forEach((g, gi) => g.rows.forEach((r, k) => { if (cv.fold[r] === f) at.push([gi, k]); }));
    if (!at.length) continue;
    const x = gather(ds.features, d, at.map(([gi, k]) => tested[gi].rows[k]));
    at.forEach(([gi], m) => { for (const it of tested[gi].items) x[m * d + it.column] = profile.usual[it.column]; });
    const p = await cv.models[f].predictProba(x, at.length);
    at.forEach(([gi, k], m) => {
      const cls = tested[gi].cls, own = p[m * C + cls] / prior[cls];
      let best = 0;
      for (let c = 0; c < C; c++) if (c !== cls) best = Math.max(best, p[m * C + c] / prior[c]);
      ablatedOwn[gi][k] = p[m * C + cls];
      if (best > own) overtaken[gi][k] = 1;
      if (best > CLEAR_MARGIN * own) clearly[gi]++;
    });
  }
  return tested.map((group, gi) => {
    const share = clearly[gi] / group.rows.length;
    const trigger = clearly[gi] >= minRows && wilsonLower(clearly[gi], group.rows.length) > 0.5;
    return { group, overtaken: overtaken[gi], ablatedOwn: ablatedOwn[gi], rechecked: new Uint8Array(group.rows.length), share, trigger };
  });
}

/**
 * A confirmed trigger's carriers that still read as their label once it is ablated are either clean rows that
 * happen to carry the pattern, or poisons the fold models learned beyond the pattern (they trained on its other
 * carriers, and an odd digit can keep reading as the target). Judge those again by cross-validated models that
 * never trained on any carrier of any trigger: they cannot have learned it. Two such poisons left in MNIST
 * BadNets 1% kept the attack at 2-5% success; clean carriers (a word sharing the trigger's hash bucket) still
 * read as their label and stay unflagged.
 */
async function recheckCarriers(ds: Dataset, triggers: readonly GroupVerdict[], ctx: DetectorContext, prior: Float64Array): Promise<void> {
  const pending = triggers.some((v) => v.overtaken.some((o) => !o));
  if (!pending) return;
  const C = ds.classNames.length, carriers = new Uint8Array(ds.n);
  for (const v of triggers) for (const r of v.group.rows) carriers[r] = 1;
  const p = await ctx.features.outOfSampleProbabilitiesExcluding(carriers, 'trigger-carriers');
  for (const v of triggers) {
    const cls = v.group.cls;
    v.group.rows.forEach((r, k) => {
      if (v.overtaken[k]) return;
      let best = 0;
      for (let c = 0; c < C; c++) if (c !== cls) best = Math.max(best, p[r * C + c] / prior[c]);
      if (best > p[r * C + cls] / prior[cls]) { v.overtaken[k] = 1; v.rechecked[k] = 1; v.ablatedOwn[k] = p[r * C + cls]; }
    });
  }
}

/** lower end of the 95% Wilson score interval of a proportion */
export function wilsonLower(successes: number, n: number, z = 1.96): number {
  if (n === 0) return 0;
  const p = successes / n, z2 = z * z;
  return (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

/** each class's share of the rows (at least one row's worth, so no class divides by zero) */
const classShares = (ds: Dataset): Float64Array => Float64Array.from(classCounts(ds), (c) => Math.max(c, 1) / ds.n);

const pct = (v: number) => `${(100 * v).toFixed(v < 0.1 ? 1 : 0)}%`;
