// What something costs to leave running, as berth-core estimates it from the public
// on-demand price table in the repository: each line, the hourly and monthly total, the
// table's date, and what the figure leaves out. On the sandbox nothing is billed, and the
// estimate says what the same would cost on AWS.
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { useEffect, useState } from "react";
import type { CostLine, Estimate } from "../api";
import { useEnvironment } from "./environment";

/** Asks berth-core for the estimate again whenever `key` (the input as JSON) changes; an
 *  input it cannot price yet (a revision not chosen) shows no estimate rather than an error. */
export function useEstimate(ask: () => Promise<Estimate>, key: string) {
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  useEffect(() => {
    let current = true;
    ask().then(
      (e) => current && setEstimate(e),
      () => current && setEstimate(null),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for what ask reads
  }, [key]);
  return estimate;
}

const dollars = (v: number | null | undefined, digits = 4) => (v === null || v === undefined ? "unknown" : `$${v.toFixed(digits)}`);

export function CostEstimate({ estimate, testId }: { estimate: Estimate | null; testId?: string }) {
  const { active } = useEnvironment();
  if (!estimate) return null;
  const sandbox = active?.kind.type === "sandbox";
  const total = estimate.hourly === null ? "No total: some prices are unknown" : `${dollars(estimate.hourly)} per hour, about ${dollars(estimate.monthly, 2)} a month`;
  return (
    <Container
      data-testid={testId}
      header={
        <Header variant="h2" description={`On-demand prices for ${estimate.region} as of ${estimate.pricesAsOf}.${sandbox ? " The sandbox bills nothing: this is what the same would cost on AWS." : ""}`}>
          Estimated cost of leaving it running
        </Header>
      }
    >
      <SpaceBetween size="s">
        <Box variant="h3">{total}</Box>
        <Table<CostLine>
          variant="embedded"
          items={estimate.lines}
          columnDefinitions={[
            { id: "item", header: "What", cell: (l) => l.item, isRowHeader: true },
            { id: "detail", header: "How", cell: (l) => l.detail },
            { id: "hourly", header: "Per hour", cell: (l) => dollars(l.hourly) },
          ]}
          empty="Nothing billed by the hour."
        />
        {estimate.notes.map((n) => (
          <Box key={n} variant="small" color="text-body-secondary">
            {n}
          </Box>
        ))}
      </SpaceBetween>
    </Container>
  );
}
