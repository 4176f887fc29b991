import Autosuggest from "@cloudscape-design/components/autosuggest";
import FormField from "@cloudscape-design/components/form-field";
import { useEnvironment } from "../shell/environment";

/** A region: pick a known one or type any region code. */
export function RegionField({ value, onChange, errorText }: { value: string; onChange: (v: string) => void; errorText?: string }) {
  const { regions } = useEnvironment();
  return (
    <FormField label="Region" errorText={errorText} constraintText="A region code such as eu-west-1.">
      <Autosuggest
        value={value}
        onChange={({ detail }) => onChange(detail.value)}
        options={regions.map((r) => ({ value: r.code, description: r.name }))}
        enteredTextLabel={(v) => `Use "${v}"`}
        placeholder="us-east-1"
        ariaLabel="Region"
        data-testid="region"
      />
    </FormField>
  );
}
