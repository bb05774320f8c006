/**
 * @module detectors/confident-learning
 * Label issues by confident learning (Northcutt et al. 2021) on two independent out-of-sample views, averaged:
 * K-fold cross-validated surrogate probabilities, and the label votes of each row's nearest neighbours in the
 * PCA projection. Averaging two views with different errors ranks real label errors above ambiguous rows; the
 * calibrated confident joint sets how many rows to flag per class (prune_by_class). When one relabelling dominates
 * (a single label pair holds at least 1% of the rows), both views are refitted without the suspects (its flags and
 * other verdict detectors' flags) and the rows judged again, as in iterative cleaning: a systematic flip bends the
 * models it is judged by (a class that is 30% flipped teaches its models the flip). Beside such a systematic
 * relabelling, the few flags scattered over the other pairs (under 1% of rows together) are the natural label
 * noise every dataset carries: they are reported as naturalLabelIssues rather than flagged as poison. So are rows
 * past each class's random-flip bound (confident-joint.ts): where classes overlap, the confident joint counts doubt
 * as error, and on Adult it called 11% of the clean rows mislabelled.
 * Blind spot: backdoor poisons whose trigger both views pick up look consistent; activation clustering covers them.
 */
import type { Dataset } from '../../core/dataset.ts';
import { inputError } from '../../core/errors.ts';
import type { Detector, DetectorContext, DetectorResult } from '../detector.ts';
import { confidentJoint, pruneByClass, pruneByNoiseRate, neighbourVotes, randomFlipBound } from './confident-joint.ts';
import { argmax, boundedJoint, largestOffDiagonal, likeliestOther, scatteredIssues, systematicPairs, viewWeight } from './label-pairs.ts';

export interface ConfidentLearningOptions {
  /** neighbours whose labels vote (default 10); 0 uses the surrogate's probabilities alone */
  neighbours?: number;
  /** how many and which rows to flag: cleanlab's prune_by_class (default) or prune_by_noise_rate */
  method?: 'prune_by_class' | 'prune_by_noise_rate';
  /** refit without the suspects once one label pair of the confident joint holds this share of the rows (default 0.01) */
  refitShare?: number;
  /** at most this many refits, each one more cross-validation (default 2; 0 never refits) */
  maxRefits?: number;
}

export function createConfidentLearningDetector(options: ConfidentLearningOptions = {}): Detector {
  const k = options.neighbours ?? 10;
  const method = options.method ?? 'prune_by_class';
  const REFIT_SHARE = options.refitShare ?? 0.01, MAX_REFITS = options.maxRefits ?? 2;
  if (!(REFIT_SHARE >= 0 && REFIT_SHARE <= 1)) throw inputError('USAGE_INVALID_OPTION', 'confident-learning refitShare must be a fraction in [0, 1]', { field: 'refitShare', got: String(REFIT_SHARE) });
  if (!Number.isInteger(MAX_REFITS) || MAX_REFITS < 0) throw inputError('USAGE_INVALID_OPTION', 'confident-learning maxRefits must be a non-negative integer', { field: 'maxRefits', got: String(MAX_REFITS) });
  if (!Number.isInteger(k) || k < 0 || k > 50) throw inputError('USAGE_INVALID_OPTION', 'confident-learning neighbours must be an integer from 0 to 50', { field: 'neighbours', got: String(k) });
  if (method !== 'prune_by_class' && method !== 'prune_by_noise_rate') throw inputError('USAGE_INVALID_OPTION', 'unknown confident-learning method', { field: 'method', expected: 'prune_by_class or prune_by_noise_rate', got: String(method) });
  return Object.freeze({
    name: 'confident-learning',
    threat: 'label-flip' as const,
    role: 'verdict' as const,
    runsLast: true,
    requires: ['labels'] as const,
    description: 'rows whose label disagrees with out-of-sample predictions of models trained on the other folds (confident learning)',
    async run(ds: Dataset, ctx: DetectorContext): Promise<DetectorResult> {
      const C = ds.classNames.length;
      const kk = Math.min(k, ds.n - 1);
      const nb = kk > 0 ? await ctx.features.neighbours(kk) : undefined;
      let votes: Float32Array | undefined, weight = 1;
      const views = (model: Float32Array, excluded?: Uint8Array): Float32Array => {
        if (!nb) return model;
        votes = neighbourVotes(nb.indices, nb.k, ds.labels, C, excluded);
        weight = viewWeight(model, votes, ds.labels, C);
        return model.map((v, i) => weight * v + (1 - weight) * votes![i]);
      };
      const prune = (p: Float32Array) => {
        const cj = confidentJoint(p, ds.labels, C);
        // prune_by_class stops at the random-flip bound; prune_by_noise_rate is cleanlab's count unchanged
        if (method !== 'prune_by_class') return { cj, flips: cj.joint, pruned: { ...pruneByNoiseRate(p, ds.labels, C, cj), beyondBound: [] as number[] } };
        const bound = randomFlipBound(p, ds.labels, C);
        // the joint's pairs scaled down to the bound: how many rows each relabelling really explains
        return { cj, flips: boundedJoint(cj.joint, bound, C), pruned: pruneByClass(p, ds.labels, C, cj, bound) };
      };
      let model = await ctx.features.outOfSampleProbabilities();
      let p = views(model);
      let { cj, flips, pruned } = prune(p);
      // Second pass: when one relabelling dominates (a single given-label/true-class pair holding at least 1% of the
      // rows: a targeted flip, or a small class swamped by another), the fold models and neighbour votes have learned
      // that mapping from the very rows they judge; refit without the suspects (these flags and other verdict
      // detectors') so the rest is judged by cleaner views. Noise spread thinly over many pairs bends no boundary much,
      // and refitting there only makes the models overconfident.
      const refit = MAX_REFITS > 0 && largestOffDiagonal(flips, C) >= REFIT_SHARE * ds.n;
      // The first refit also leaves out every row of a systematic pair that the bent first-pass views already place on
      // the other side (argmax): the flags are capped by the joint's count, which bent models underestimate, and the
      // unflagged rest would bend the refit the same way. Later rounds judge with unbent views, where only flags count
      // (their sharper probabilities would push natural hard rows across too).
      const systematic = systematicPairs(flips, C, REFIT_SHARE * ds.n);
      const reach = Uint8Array.from(ds.labels, (y, i) => (argmax(p, i, C) !== y && systematic.has(y * C + likeliestOther(p, i, y, C)) ? 1 : 0));
      const suspectsOf = (flagged: Uint8Array, first: boolean) => Uint8Array.from(flagged, (f, i) => (f || ctx.flaggedByOthers?.[i] || (first && reach[i]) ? 1 : 0));
      let suspects = suspectsOf(pruned.flagged, true);
      let suspectCount = suspects.reduce((a, b) => a + b, 0);
      let rounds = 0;
      while (refit && rounds < MAX_REFITS) {
        rounds++;
        model = await ctx.features.outOfSampleProbabilitiesExcluding(suspects, `confident-learning-${rounds}`);
        p = views(model, suspects);
        const before = pruned.flagged;
        ({ cj, flips, pruned } = prune(p));
        // stop once a round changes fewer than 1% of the flags
        let changed = 0;
        for (let i = 0; i < ds.n; i++) if (before[i] !== pruned.flagged[i]) changed++;
        if (changed < 0.01 * Math.max(1, pruned.flagged.reduce((a, b) => a + b, 0))) break;
        suspects = suspectsOf(pruned.flagged, false);
        suspectCount = suspects.reduce((a, b) => a + b, 0);
      }
      const scattered = refit ? scatteredIssues(pruned.flagged, p, ds, systematicPairs(flips, C, REFIT_SHARE * ds.n), REFIT_SHARE * ds.n) : [];
      for (const i of scattered) pruned.flagged[i] = 0;
      const natural = [...pruned.beyondBound, ...scattered].sort((a, b) => a - b);
      const suspicion = new Float32Array(ds.n);
      const reasons = new Map<number, string>();
      for (let i = 0; i < ds.n; i++) {
        const own = p[i * C + ds.labels[i]];
        suspicion[i] = 1 - own;
        if (pruned.flagged[i]) {
          const j = likeliestOther(p, i, ds.labels[i], C);
          reasons.set(i, `labelled '${ds.classNames[ds.labels[i]]}', but models that never saw it give that label ${pct(model[i * C + ds.labels[i]])} and '${ds.classNames[j]}' ${pct(model[i * C + j])}` +
            (votes ? `; its ${kk} nearest neighbours${refit ? ' not under suspicion' : ''} vote ${pct(votes[i * C + ds.labels[i]])} for its label` : ''));
        }
      }
      const flaggedCount = pruned.flagged.reduce((a, b) => a + b, 0);
      return {
        detector: 'confident-learning', suspicion, flaggedMask: pruned.flagged, reasons,
        estimatedContamination: Math.min(1, pruned.estimatedIssues / ds.n),
        findings: [
          ...(flaggedCount ? [`${flaggedCount} rows look mislabelled${refit ? ` (judged again by models refitted without ${suspectCount} suspects)` : ''}; the largest group: ${largestTransition(pruned.flagged, p, ds)}`] : []),
          ...(pruned.beyondBound.length ? [`${pruned.beyondBound.length} further rows disagree with their label more than random relabelling explains (the classes overlap there): listed as naturalLabelIssues, not flagged as poison`] : []),
          ...(scattered.length ? [`${scattered.length} further rows look mislabelled, scattered over label pairs at a natural rate (under ${pct(REFIT_SHARE)} of the rows together) beside the systematic relabelling: listed as naturalLabelIssues, not flagged as poison`] : []),
        ],
        evidence: { naturalLabelIssues: natural, modelViewWeight: weight, thresholds: Array.from(cj.thresholds), estimatedIssues: pruned.estimatedIssues, flaggedCount, neighbours: kk, method, refit, refitRounds: rounds, suspectsExcludedFromRefit: refit ? suspectCount : 0 },
      };
    },
  });
}

/** the most common (given label -> likeliest other class) among flagged rows, in words */
function largestTransition(flagged: Uint8Array, p: Float32Array, ds: Dataset): string {
  const C = ds.classNames.length, counts = new Map<string, number>();
  flagged.forEach((f, i) => {
    if (!f) return;
    const own = ds.labels[i], best = likeliestOther(p, i, own, C);
    const key = `labelled '${ds.classNames[own]}' but reading as '${ds.classNames[best]}'`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const [key, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  return `${n} ${key}`;
}

const pct = (v: number) => `${(100 * v).toFixed(v < 0.1 ? 1 : 0)}%`;
