// berth-core's verdict on a form, asked as the user types. The rules live in Rust
// (berth_core::forms); this hook only debounces the question and remembers which values
// the answer was for, so a step change can wait for it instead of judging stale errors.
import { useEffect, useState } from "react";
import { api, type FieldError, type Form } from "../api";

/** A rule as berth-core states it ("contains a space; ...") as a sentence under a field. */
export function sentence(rule: string): string {
  const text = rule.charAt(0).toUpperCase() + rule.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export interface FieldErrors {
  /** Field name (as berth-core names it, e.g. `tags[2].key`) to the sentence to show. */
  errors: Record<string, string>;
  /** True until the answer is for the values on screen. */
  checking: boolean;
}

export function useFieldErrors(form: Form, delayMs = 120): FieldErrors {
  const key = JSON.stringify(form);
  const [answer, setAnswer] = useState<{ key: string; errors: Record<string, string> } | null>(null);
  useEffect(() => {
    let current = true;
    const handle = setTimeout(() => {
      api.checkForm(JSON.parse(key) as Form).then(
        (found: FieldError[]) => {
          if (!current) return;
          const errors: Record<string, string> = {};
          for (const e of found) errors[e.field] ??= sentence(e.rule);
          setAnswer({ key, errors });
        },
        // No answer (the app is going away) leaves the form judged by the call itself.
        () => current && setAnswer({ key, errors: {} }),
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(handle);
    };
  }, [key, delayMs]);
  return { errors: answer?.errors ?? {}, checking: answer?.key !== key };
}
