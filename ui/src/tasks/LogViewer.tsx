// A container's awslogs stream, followed by polling GetLogEvents with its forward token
// (works on every endpoint). Only the rows on screen are rendered, so 10,000+ lines
// scroll freely; search filters what is loaded; pause stops polling; download saves it.
import { useCallback, useEffect, useRef, useState } from "react";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import TextFilter from "@cloudscape-design/components/text-filter";
import { api, toApiError, type ApiError, type LogEvent, type LogTarget } from "../api";
import { ErrorAlert } from "../shell/ErrorAlert";
import { useNotifications } from "../shell/notifications";
import { append, asText, LINE_HEIGHT, search, visibleRange } from "./logLines";

const POLL_MS = 1000;

function Highlight({ text, needle }: { text: string; needle: string }) {
  const n = needle.trim().toLowerCase();
  const at = n ? text.toLowerCase().indexOf(n) : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark>{text.slice(at, at + n.length)}</mark>
      {text.slice(at + n.length)}
    </>
  );
}

export function LogViewer({ cluster, taskArn, taskId, running }: { cluster: string; taskArn: string; taskId: string; running: boolean }) {
  const [targets, setTargets] = useState<LogTarget[] | null>(null);
  const [container, setContainer] = useState<string | null>(null);
  const [lines, setLines] = useState<LogEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [query, setQuery] = useState("");
  const [scrollTop, setScrollTop] = useState(0);
  const [stick, setStick] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const { notify, notifyError } = useNotifications();

  useEffect(() => {
    api.taskLogTargets(cluster, taskArn).then(
      (t) => {
        setTargets(t);
        setContainer((c) => c ?? t.find((x) => x.stream)?.container ?? null);
      },
      (e) => setError(toApiError(e)),
    );
  }, [cluster, taskArn]);

  const target = targets?.find((t) => t.container === container) ?? null;

  // One poll loop per stream; the token lives in the loop so a pause resumes exactly
  // where it stopped, with no gap and no repeat.
  const token = useRef<string | null>(null);
  useEffect(() => {
    setLines([]);
    token.current = null;
  }, [target?.group, target?.stream]);

  useEffect(() => {
    if (!target?.stream || paused) return;
    let stopped = false;
    let handle: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const page = await api.readLogEvents(target.group, target.stream!, token.current);
        if (stopped) return;
        token.current = page.nextForwardToken;
        setWaiting(!page.streamExists);
        setLines((prev) => append(prev, page.events));
        setError(null);
      } catch (e) {
        if (!stopped) setError(toApiError(e));
      }
      if (!stopped) handle = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(handle);
    };
  }, [target?.group, target?.stream, paused]);

  const shown = search(lines, query);
  const viewport = box.current?.clientHeight ?? 420;
  useEffect(() => {
    if (stick && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown.length, stick]);

  const jumpToLatest = useCallback(() => {
    setStick(true);
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, []);

  const download = async () => {
    if (!target) return;
    try {
      const path = await api.saveDownload(`${taskId}-${target.container}.log`, asText(lines));
      notify({ type: "success", header: "Log saved", content: `${lines.length} lines to ${path}` });
    } catch (e) {
      notifyError("Could not save the log", toApiError(e));
    }
  };

  const [first, last] = visibleRange(scrollTop, viewport, shown.length);
  const noAwslogs = targets !== null && targets.length === 0;

  return (
    <Container
      data-testid="log-viewer"
      header={
        <Header
          variant="h2"
          counter={`(${lines.length} lines${query ? `, ${shown.length} match` : ""})`}
          description={target?.stream ? `${target.group} › ${target.stream}` : undefined}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {targets && targets.length > 1 && (
                <Select selectedOption={container ? { value: container } : null} options={targets.map((t) => ({ value: t.container, disabled: !t.stream }))} onChange={({ detail }) => setContainer(detail.selectedOption.value ?? null)} />
              )}
              <Button onClick={() => setPaused((p) => !p)} iconName={paused ? "caret-right-filled" : "pause"} data-testid="log-pause">
                {paused ? "Resume" : "Pause"}
              </Button>
              <Button onClick={jumpToLatest} iconName="angle-down" data-testid="log-latest">Jump to latest</Button>
              <Button onClick={() => void download()} iconName="download" disabled={lines.length === 0}>Download</Button>
            </SpaceBetween>
          }
        >
          Logs
        </Header>
      }
    >
      <SpaceBetween size="s">
        {error && <ErrorAlert error={error} header="Could not read the log stream" />}
        {noAwslogs && <Box>This task's containers do not log with awslogs, so there is no CloudWatch stream to show.</Box>}
        {target && !target.stream && <Box>{target.container} logs with awslogs but without a stream prefix; ECS names its stream, so Berth cannot find it. Add awslogs-stream-prefix in a new revision.</Box>}
        {target?.stream && (
          <>
            <SpaceBetween direction="horizontal" size="s" alignItems="center">
              <TextFilter filteringText={query} onChange={({ detail }) => setQuery(detail.filteringText)} filteringPlaceholder="Search loaded lines" data-testid="log-search" />
              {paused ? (
                <StatusIndicator type="stopped">Paused</StatusIndicator>
              ) : waiting ? (
                <StatusIndicator type="pending">Waiting for the task to create its log stream</StatusIndicator>
              ) : running ? (
                <StatusIndicator type="in-progress">Following</StatusIndicator>
              ) : (
                <StatusIndicator type="info">Task stopped; showing its final lines</StatusIndicator>
              )}
            </SpaceBetween>
            <div
              className="log-lines"
              ref={box}
              data-testid="log-lines"
              onScroll={(e) => {
                const el = e.currentTarget;
                setScrollTop(el.scrollTop);
                setStick(el.scrollTop + el.clientHeight >= el.scrollHeight - LINE_HEIGHT);
              }}
            >
              <div style={{ height: shown.length * LINE_HEIGHT }}>
                {shown.slice(first, last).map((l, i) => (
                  <div key={first + i} className="log-line" style={{ top: (first + i) * LINE_HEIGHT }}>
                    <time>{new Date(l.timestamp).toISOString().slice(11, 23)}</time>
                    <Highlight text={l.message} needle={query} />
                  </div>
                ))}
              </div>
            </div>
          </>
        )}
      </SpaceBetween>
    </Container>
  );
}
