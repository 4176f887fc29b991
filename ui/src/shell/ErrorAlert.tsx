import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import type { ApiError } from "../api";

/** A failed call: AWS's own code and message, and a plain hint where one helps. */
export function ErrorAlert({ error, header, action }: { error: ApiError; header?: string; action?: React.ReactNode }) {
  return (
    <Alert type="error" header={header ?? error.code} action={action} data-testid="error-alert">
      <Box variant="p">
        {header && <Box variant="code">{error.code}</Box>} {error.message}
      </Box>
      {error.hint && <Box variant="small">{error.hint}</Box>}
    </Alert>
  );
}
