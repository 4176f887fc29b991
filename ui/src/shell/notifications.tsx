// The Flashbar's messages, reachable from every screen.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { FlashbarProps } from "@cloudscape-design/components/flashbar";
import type { ApiError } from "../api";

type Message = FlashbarProps.MessageDefinition;

interface Notifications {
  items: Message[];
  notify: (message: Omit<Message, "id" | "onDismiss" | "dismissible">) => void;
  notifyError: (header: string, error: ApiError) => void;
  /** Drops success messages: they report what just happened and go stale on another screen. */
  clearSuccess: () => void;
}

const Context = createContext<Notifications | null>(null);

let nextId = 0;

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Message[]>([]);
  const notify = useCallback<Notifications["notify"]>((message) => {
    const id = `flash-${nextId++}`;
    const dismiss = () => setItems((all) => all.filter((m) => m.id !== id));
    // A new success replaces older ones; errors stay until the user dismisses them.
    setItems((all) =>
      [{ ...message, id, dismissible: true, onDismiss: dismiss }, ...all.filter((m) => message.type !== "success" || m.type !== "success")].slice(0, 5),
    );
  }, []);
  const clearSuccess = useCallback(() => setItems((all) => (all.some((m) => m.type === "success") ? all.filter((m) => m.type !== "success") : all)), []);
  const notifyError = useCallback<Notifications["notifyError"]>(
    (header, error) => notify({ type: "error", header, content: errorText(error) }),
    [notify],
  );
  const value = useMemo(() => ({ items, notify, notifyError, clearSuccess }), [items, notify, notifyError, clearSuccess]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useNotifications(): Notifications {
  const value = useContext(Context);
  if (!value) throw new Error("useNotifications outside NotificationsProvider");
  return value;
}

/** AWS's code and message, then the hint: the order the design asks for. */
export function errorText(error: ApiError): string {
  return `${error.code}: ${error.message}${error.hint ? ` — ${error.hint}` : ""}`;
}
