// berth-core's findings on a task definition as a list of field and rule, for the review
// and the JSON editor.
import Box from "@cloudscape-design/components/box";
import type { FieldError } from "../api";

export function FieldErrorList({ errors }: { errors: FieldError[] }) {
  return (
    <ul>
      {errors.map((e) => (
        <li key={e.field + e.rule}>
          <Box variant="code">{e.field}</Box>: {e.rule}
        </li>
      ))}
    </ul>
  );
}
