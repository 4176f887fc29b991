// Unfinished wizards survive closing the window or a crash. Rust keeps them in the app's
// data directory, per environment (no credentials: Berth's secrets live only in the OS
// keyring); this module only names the wizard.
import { api, type Draft, type TaskDefinitionJson } from "../api";

const KIND = "task-definition";

/** The draft for `base` (a revision, or "" for a new family), if one was left. */
export function loadDraft(base: string): Promise<Draft | null> {
  return api.loadDraft(KIND, base).catch(() => null);
}

export function saveDraft(base: string, doc: TaskDefinitionJson): Promise<unknown> {
  // A draft that could not be written is not worth interrupting the user for.
  return api.saveDraft(KIND, base, doc).catch(() => null);
}

export function discardDraft(base: string): Promise<unknown> {
  return api.discardDraft(KIND, base).catch(() => null);
}
