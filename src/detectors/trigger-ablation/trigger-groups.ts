/**
 * @module detectors/trigger-ablation/trigger-groups
 * A trigger is often several items at once (the nine pixels of a patch, the words of a phrase, two table
 * cells set together). Label-concentrated items of the same class whose carrier rows mostly coincide are
 * merged, so ablating the group removes the whole trigger rather than one part the others would cover for.
 */
import type { CandidateItem } from './feature-items.ts';

export interface ItemGroup {
  readonly cls: number;
  readonly items: readonly CandidateItem[];
  /** rows labelled cls that carry at least half of the group's items, ascending */
  readonly rows: Int32Array;
}

/** merge items of one class when each holds at least half of the other's rows (union-find) */
export function groupItems(items: readonly CandidateItem[]): ItemGroup[] {
  const parent = items.map((_, k) => k);
  const find = (k: number): number => { while (parent[k] !== k) { parent[k] = parent[parent[k]]; k = parent[k]; } return k; };
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      if (items[a].cls !== items[b].cls) continue;
      const A = items[a].rows, B = items[b].rows;
      // the overlap can reach half of both only if the sizes are within a factor of two
      if (A.length > 2 * B.length || B.length > 2 * A.length) continue;
      const common = overlap(A, B);
      if (2 * common >= A.length && 2 * common >= B.length) parent[find(a)] = find(b);
    }
  }
  const members = new Map<number, CandidateItem[]>();
  items.forEach((it, k) => { const r = find(k); members.set(r, [...(members.get(r) ?? []), it]); });
  return [...members.values()].map((group) => ({ cls: group[0].cls, items: group, rows: majorityRows(group) }));
}

/** how many rows two ascending row lists share; with `out`, the shared rows are also collected there */
export function overlap(a: Int32Array, b: Int32Array, out?: number[]): number {
  let i = 0, j = 0, common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { common++; out?.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
  }
  return common;
}

function majorityRows(group: readonly CandidateItem[]): Int32Array {
  const hits = new Map<number, number>();
  for (const it of group) for (const r of it.rows) hits.set(r, (hits.get(r) ?? 0) + 1);
  const need = Math.ceil(group.length / 2);
  return Int32Array.from([...hits].filter(([, h]) => h >= need).map(([r]) => r)).sort();
}
