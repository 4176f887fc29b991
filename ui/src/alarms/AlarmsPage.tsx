// CloudWatch alarms of the active environment: state, what each watches and when it last
// changed, filtered and paged; each opens to its chart and history.
import { useCollection } from "@cloudscape-design/collection-hooks";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import Pagination from "@cloudscape-design/components/pagination";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { api } from "../api";
import { ago } from "../lib/format";
import { ErrorAlert } from "../shell/ErrorAlert";
import { follow } from "../shell/router";
import { usePolled } from "../shell/usePolled";
import { href } from "../paths";
import { AlarmState, condition } from "./state";

const REFRESH_MS = 10000;

export function AlarmsPage() {
  const { data, error, reload } = usePolled(api.listAlarms, REFRESH_MS);
  const alarms = data ?? [];
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(alarms, {
    filtering: { empty: <Box textAlign="center">No alarms yet. Create one from a service's Update dialog.</Box>, noMatch: <Box textAlign="center">No alarm matches.</Box> },
    pagination: { pageSize: 20 },
    sorting: { defaultState: { sortingColumn: { sortingField: "state" }, isDescending: false } },
  });
  return (
    <>
      {error && <ErrorAlert error={error} header="Could not read the alarms" />}
      <Table
        {...collectionProps}
        data-testid="alarms"
        loading={data === null && !error}
        loadingText="Reading the alarms"
        items={items}
        trackBy="alarmName"
        wrapLines
        header={
          <Header variant="h1" counter={`(${alarms.length})`} description="CloudWatch judges each alarm every period; a deployment that watches one fails when it goes into alarm." actions={<Button iconName="refresh" ariaLabel="Refresh" onClick={() => void reload()} />}>
            Alarms
          </Header>
        }
        filter={<TextFilter {...filterProps} filteringPlaceholder="Find alarms" countText={`${filteredItemsCount ?? 0} matches`} />}
        pagination={<Pagination {...paginationProps} />}
        columnDefinitions={[
          { id: "name", header: "Alarm", isRowHeader: true, sortingField: "alarmName", cell: (a) => <Link href={href("alarm", { name: a.alarmName })} onFollow={follow}>{a.alarmName}</Link> },
          { id: "state", header: "State", sortingField: "state", cell: (a) => <AlarmState state={a.state} /> },
          { id: "condition", header: "Condition", cell: (a) => condition(a) },
          { id: "dimensions", header: "On", cell: (a) => a.dimensions.map(([k, v]) => `${k}=${v}`).join(", ") || "—" },
          { id: "updated", header: "State changed", sortingField: "stateUpdatedAt", cell: (a) => ago(a.stateUpdatedAt) },
        ]}
      />
    </>
  );
}
