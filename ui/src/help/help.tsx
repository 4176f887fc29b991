// Help in the app layout's tools drawer: an Info link beside a field opens the concept
// it depends on, in Berth's words. One provider holds which topic is open; the shell
// renders it as the drawer's HelpPanel.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import HelpPanel from "@cloudscape-design/components/help-panel";
import Link from "@cloudscape-design/components/link";
import { TOPICS, type Topic } from "./topics";

interface HelpState {
  topic: Topic | null;
  open: boolean;
  show: (topic: Topic) => void;
  setOpen: (open: boolean) => void;
}

const HelpContext = createContext<HelpState>({ topic: null, open: false, show: () => {}, setOpen: () => {} });

export function HelpProvider({ children }: { children: ReactNode }) {
  const [topic, setTopic] = useState<Topic | null>(null);
  const [open, setOpen] = useState(false);
  const show = useCallback((t: Topic) => {
    setTopic(t);
    setOpen(true);
  }, []);
  const value = useMemo(() => ({ topic, open, show, setOpen }), [topic, open, show]);
  return <HelpContext.Provider value={value}>{children}</HelpContext.Provider>;
}

export const useHelp = () => useContext(HelpContext);

/** The drawer's content: the open topic, or how to get one. */
export function HelpDrawer() {
  const { topic } = useHelp();
  if (!topic) {
    return (
      <HelpPanel header={<h2>Help</h2>}>
        <p>Choose an Info link beside a field to read about the ECS concept behind it.</p>
      </HelpPanel>
    );
  }
  const t = TOPICS[topic];
  return (
    <HelpPanel header={<h2 data-testid="help-title">{t.title}</h2>}>
      <div data-testid="help-panel">{t.body}</div>
    </HelpPanel>
  );
}

/** The Info link a FormField's `info` slot takes. */
export function Info({ topic }: { topic: Topic }) {
  const { show } = useHelp();
  return (
    <Link variant="info" onFollow={() => show(topic)} data-testid={`info-${topic}`}>
      Info
    </Link>
  );
}
