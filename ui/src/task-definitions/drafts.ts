// Unfinished wizards survive closing the window or a crash. Drafts hold the task
// definition being written (no credentials: Berth's secrets live only in the OS keyring).
import type { TaskDefinitionJson } from "../api";

export interface Draft {
  doc: TaskDefinitionJson;
  savedAt: number;
}

const key = (environmentId: string, base: string) => `berth.draft.task-definition.${environmentId}.${base || "new"}`;

export function loadDraft(environmentId: string, base: string): Draft | null {
  try {
    const raw = localStorage.getItem(key(environmentId, base));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function saveDraft(environmentId: string, base: string, doc: TaskDefinitionJson): void {
  localStorage.setItem(key(environmentId, base), JSON.stringify({ doc, savedAt: Date.now() }));
}

export function discardDraft(environmentId: string, base: string): void {
  localStorage.removeItem(key(environmentId, base));
}
