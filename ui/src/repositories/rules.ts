// ECR repository names as the user types (berth-core checks the same rule again).
export const REPOSITORY_NAME_RULE =
  "2–256 characters: lowercase letters and digits in runs joined by single '.', '_' or '-', with '/' between path segments (e.g. team/web-app)";

export function repositoryNameError(name: string): string | undefined {
  const length = [...name].length;
  if (length < 2 || length > 256) return `${length} characters; ${REPOSITORY_NAME_RULE}.`;
  if (/[A-Z]/.test(name)) return `Must be lowercase; ${REPOSITORY_NAME_RULE}.`;
  const segment = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
  if (!name.split("/").every((s) => segment.test(s))) return `${REPOSITORY_NAME_RULE}.`;
  return undefined;
}
