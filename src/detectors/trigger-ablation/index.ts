/** @module detectors/trigger-ablation */
export { createTriggerAblationDetector, wilsonLower, type TriggerAblationOptions } from './trigger-ablation.ts';
