/**
 * @module detectors/registry
 * Every built-in detector by its stable id: the same id is the CLI's --detectors value, the report key and
 * the docs heading. The scan planner picks from here by declared requirements, never by name.
 */
import { inputError } from '../core/errors.ts';
import type { Detector } from './detector.ts';
import { createConfidentLearningDetector } from './confident-learning/index.ts';
import { createActivationClusteringDetector } from './activation-clustering/index.ts';
import { createSpectralSignatureDetector } from './spectral-signature/index.ts';
import { createSpectreDetector } from './spectre/index.ts';
import { createTriggerAblationDetector } from './trigger-ablation/index.ts';
import { createNearDuplicateDetector } from './near-duplicate/index.ts';
import { createInfluenceDetector } from './influence/index.ts';
import { createDistributionShiftDetector } from './distribution-shift/index.ts';
import { createIsolationForestDetector } from './isolation-forest/index.ts';
import { createKnnDistanceDetector } from './knn-distance/index.ts';
import { createRobustMahalanobisDetector } from './robust-mahalanobis/index.ts';

export const detectors = {
  'confident-learning': () => createConfidentLearningDetector(),
  'activation-clustering': () => createActivationClusteringDetector(),
  'spectral-signature': () => createSpectralSignatureDetector(),
  'spectre': () => createSpectreDetector(),
  'trigger-ablation': () => createTriggerAblationDetector(),
  'near-duplicate': () => createNearDuplicateDetector(),
  'influence': () => createInfluenceDetector(),
  'distribution-shift': () => createDistributionShiftDetector(),
  'isolation-forest': () => createIsolationForestDetector(),
  'knn-distance': () => createKnnDistanceDetector(),
  'robust-mahalanobis': () => createRobustMahalanobisDetector(),
} satisfies Record<string, () => Detector>;

export type DetectorName = keyof typeof detectors;
export const detectorNames = Object.keys(detectors) as DetectorName[];

export function createDetector(name: string): Detector {
  if (!Object.hasOwn(detectors, name)) {
    throw inputError('USAGE_UNKNOWN_NAME', `unknown detector '${name}'`, { field: 'detectors', expected: `one of ${detectorNames.join(', ')}`, got: name });
  }
  return detectors[name as DetectorName]();
}
