// A line diff (longest common subsequence) for comparing two revisions side by side.

export type DiffRow =
  | { kind: "same"; left: string; right: string }
  | { kind: "changed"; left: string; right: string }
  | { kind: "removed"; left: string; right: null }
  | { kind: "added"; left: null; right: string };

export function diffLines(a: string[], b: string[]): DiffRow[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const raw: DiffRow[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      raw.push({ kind: "same", left: a[i++], right: b[j++] });
    } else if (j < m && (i === n || lcs[i][j + 1] > lcs[i + 1][j])) {
      raw.push({ kind: "added", left: null, right: b[j++] });
    } else {
      raw.push({ kind: "removed", left: a[i++], right: null });
    }
  }
  // A removal followed by an addition reads better as one changed line.
  const out: DiffRow[] = [];
  for (let k = 0; k < raw.length; k++) {
    const r = raw[k];
    const next = raw[k + 1];
    if (r.kind === "removed" && next?.kind === "added") {
      out.push({ kind: "changed", left: r.left, right: next.right });
      k++;
    } else out.push(r);
  }
  return out;
}

/** Stable, sorted-key JSON so field order never shows up as a difference. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(sort(value), null, 2);
}
