// The learner's place in the walkthrough, per environment: the step open, the steps done
// or skipped, and the names in use. Rust keeps it beside the wizards' drafts, so it
// survives restarts; until it has loaded, nothing is written over it.
import { useCallback, useEffect, useState } from "react";
import { api, type GuideStep, type GuideTargets } from "../api";
import { useEnvironment } from "../shell/environment";

export interface Progress {
  current: number;
  done: GuideStep[];
  skipped: GuideStep[];
  targets: GuideTargets;
}

export const FRESH: Progress = {
  current: 0,
  done: [],
  skipped: [],
  targets: { cluster: "my-cluster", repository: "my-app-repo", family: "my-app-task", service: "my-app-service", baselineRevision: null, fewestHealthySeen: null },
};

const KIND = "guide";
const BASE = "progress";

export function useGuideProgress() {
  const { active } = useEnvironment();
  const environment = active?.id;
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    if (!environment) return;
    let current = true;
    setProgress(null);
    api.loadDraft(KIND, BASE).then(
      (d) => current && setProgress(d ? { ...FRESH, ...(d.doc as unknown as Progress) } : FRESH),
      () => current && setProgress(FRESH),
    );
    return () => {
      current = false;
    };
  }, [environment]);

  const update = useCallback((change: (p: Progress) => Progress) => {
    setProgress((prev) => {
      if (!prev) return prev;
      const next = change(prev);
      // Progress that could not be written is kept on screen; the next change tries again.
      void api.saveDraft(KIND, BASE, next as unknown as Record<string, unknown>).catch(() => null);
      return next;
    });
  }, []);
  const startOver = useCallback(() => update(() => FRESH), [update]);
  return { progress, update, startOver };
}
