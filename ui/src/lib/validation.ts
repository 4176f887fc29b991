// ECS's input rules, as the user types. berth-core checks the same rules again before
// any call leaves the app; these exist so the message appears under the field at once.

export const NAME_RULE = "1–255 characters: letters, digits, hyphens (-) and underscores (_)";

/** Names of clusters, services, task-definition families and containers. */
export function resourceNameError(value: string): string | undefined {
  if (value.length === 0) return `Required: ${NAME_RULE}.`;
  const length = [...value].length;
  if (length > 255) return `${length} characters; the limit is 255.`;
  const bad = [...value].find((c) => !/^[A-Za-z0-9_-]$/.test(c));
  if (bad !== undefined) {
    const shown = bad === " " ? "a space" : `"${bad}"`;
    return `Contains ${shown}; only letters, digits, hyphens (-) and underscores (_) are allowed.`;
  }
  return undefined;
}

export interface TagErrors {
  key?: string;
  value?: string;
}

export const MAX_TAGS = 50;

/** One entry per tag, in order; empty objects where the tag is fine. */
export function tagErrors(tags: { key: string; value: string }[]): TagErrors[] {
  return tags.map((tag, i) => {
    const errors: TagErrors = {};
    const keyLength = [...tag.key].length;
    if (keyLength === 0 || keyLength > 128) errors.key = "A tag key must be 1–128 characters.";
    else if (tag.key.toLowerCase().startsWith("aws:")) errors.key = "The aws: prefix is reserved for AWS.";
    else if (tags.slice(0, i).some((t) => t.key === tag.key)) errors.key = "Tag keys must be unique.";
    if ([...tag.value].length > 256) errors.value = "A tag value must be at most 256 characters.";
    return errors;
  });
}

export function hasTagErrors(errors: TagErrors[]): boolean {
  return errors.some((e) => e.key !== undefined || e.value !== undefined);
}

export function regionError(value: string): string | undefined {
  if (!/^[a-z]{2,}(-[a-z]+)+-\d+$/.test(value)) return "Must be a region code such as us-east-1 or eu-west-2.";
  return undefined;
}

export function endpointUrlError(value: string): string | undefined {
  if (value.trim() === "") return undefined;
  const m = /^https?:\/\/([^/?#\s]+)/.exec(value.trim());
  if (!m) return "Must start with http:// or https:// and name a host, e.g. http://127.0.0.1:4566.";
  return undefined;
}

export function accessKeyIdError(value: string): string | undefined {
  if (!/^[A-Za-z0-9]{16,128}$/.test(value)) return "Must be 16–128 letters and digits, e.g. AKIAIOSFODNN7EXAMPLE.";
  return undefined;
}
