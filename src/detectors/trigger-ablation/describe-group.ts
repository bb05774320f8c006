/**
 * @module detectors/trigger-ablation/describe-group
 * Names a trigger pattern the way the user would recognise it: pixels by position, table cells by column and
 * raw value, and hashed text buckets by the word (or word pair) the carrier rows share that hashes there.
 */
import type { Dataset } from '../../core/dataset.ts';
import { fnv1a, tokenize } from '../../io/text-features.ts';
import type { CandidateItem } from './feature-items.ts';

const MAX_NAMED = 6;

export function describeGroup(ds: Dataset, items: readonly CandidateItem[]): string {
  const names = [...new Set(items.map((it) => describeItem(ds, it)))];
  const shown = names.slice(0, MAX_NAMED).join(', ');
  return names.length > MAX_NAMED ? `${shown} and ${names.length - MAX_NAMED} more` : shown;
}

function describeItem(ds: Dataset, it: CandidateItem): string {
  if (ds.imageShape) {
    const w = ds.imageShape[ds.imageShape.length - 1];
    const h = ds.imageShape.length >= 2 ? ds.imageShape[ds.imageShape.length - 2] : 1;
    const px = it.column % (w * h);
    return `pixel (${Math.floor(px / w)}, ${px % w})${it.value === undefined ? '' : ` = ${round(it.value)}`}`;
  }
  const name = ds.featureNames?.[it.column] ?? `feature ${it.column}`;
  const bucket = /^(.*):tfidf#(\d+)$/.exec(name);
  if (bucket) return wordInBucket(ds, bucket[1], Number(bucket[2]), it.rows) ?? `text bucket ${bucket[2]}`;
  if (it.value === undefined) return name.includes('=') ? name : `${name} unusual`;
  return `${name} = ${rawValue(ds, name, it.rows) ?? round(it.value)}`;
}

/** the token or token pair most carrier rows share that hashes into the bucket */
function wordInBucket(ds: Dataset, column: string, bucket: number, rows: Int32Array): string | undefined {
  const j = ds.raw?.columns.indexOf(column) ?? -1;
  if (!ds.raw || j < 0) return undefined;
  const dims = ds.featureNames!.filter((f) => f.startsWith(`${column}:tfidf#`)).length;
  const seen = new Map<string, number>();
  for (const r of rows) {
    const words = tokenize(ds.raw.rows[r][j] ?? '');
    const here = new Set<string>();
    words.forEach((w, i) => {
      const h = fnv1a(w);
      if (h % dims === bucket) here.add(w);
      if (i > 0 && fnv1a(w, fnv1a(' ', fnv1a(words[i - 1]))) % dims === bucket) here.add(`${words[i - 1]} ${w}`);
    });
    for (const w of here) seen.set(w, (seen.get(w) ?? 0) + 1);
  }
  let best: string | undefined, count = 0;
  for (const [w, c] of seen) if (c > count) { best = w; count = c; }
  return best === undefined ? undefined : `the word '${best}'`;
}

/** the most common raw cell of the feature's column among the carrier rows */
function rawValue(ds: Dataset, column: string, rows: Int32Array): string | undefined {
  const j = ds.raw?.columns.indexOf(column) ?? -1;
  if (!ds.raw || j < 0) return undefined;
  const seen = new Map<string, number>();
  for (const r of rows) { const v = ds.raw.rows[r][j]; seen.set(v, (seen.get(v) ?? 0) + 1); }
  return [...seen].sort((a, b) => b[1] - a[1])[0]?.[0];
}

const round = (v: number) => String(Math.round(v * 1000) / 1000);
