// Tells the user, once, that an unreadable settings file was kept aside at start-up.
import { useEffect, useState } from "react";
import Alert from "@cloudscape-design/components/alert";
import { api } from "../api";

export function SettingsNotice() {
  const [aside, setAside] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => {
    api.appStatus().then((s) => setAside(s.settingsSetAside), () => setAside(null));
  }, []);
  if (!aside || dismissed) return null;
  return (
    <Alert type="warning" dismissible onDismiss={() => setDismissed(true)} header="Your settings file could not be read">
      Berth started with default settings and kept the unreadable file at <code>{aside}</code>. Nothing was deleted.
    </Alert>
  );
}
