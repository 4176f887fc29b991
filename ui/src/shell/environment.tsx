// The active environment, shared by the header and every screen that lists resources.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, toApiError, type ApiError, type Environment, type RegionInfo } from "../api";

interface EnvironmentState {
  environments: Environment[];
  active: Environment | null;
  regions: RegionInfo[];
  error: ApiError | null;
  /** Bumped on every switch, so screens reload their data. */
  generation: number;
  switchTo: (id: string) => Promise<void>;
  setRegion: (region: string) => Promise<void>;
  reload: () => Promise<void>;
}

const Context = createContext<EnvironmentState | null>(null);

export function EnvironmentProvider({ children }: { children: ReactNode }) {
  const [environments, setEnvironments] = useState<Environment[]>([]);
  const [active, setActive] = useState<Environment | null>(null);
  const [regions, setRegions] = useState<RegionInfo[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);

  const reload = useCallback(async () => {
    try {
      const [all, current] = await Promise.all([api.listEnvironments(), api.activeEnvironment().catch(() => null)]);
      setEnvironments(all);
      setActive(current);
      setError(null);
    } catch (e) {
      setError(toApiError(e));
    }
    setGeneration((g) => g + 1);
  }, []);

  useEffect(() => {
    void reload();
    api.listRegions().then(setRegions, () => setRegions([]));
  }, [reload]);

  const switchTo = useCallback(
    async (id: string) => {
      await api.switchEnvironment(id);
      await reload();
    },
    [reload],
  );

  const setRegion = useCallback(
    async (region: string) => {
      if (!active) return;
      await api.updateEnvironment(active.id, { region });
      await reload();
    },
    [active, reload],
  );

  const value = useMemo(
    () => ({ environments, active, regions, error, generation, switchTo, setRegion, reload }),
    [environments, active, regions, error, generation, switchTo, setRegion, reload],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useEnvironment(): EnvironmentState {
  const value = useContext(Context);
  if (!value) throw new Error("useEnvironment outside EnvironmentProvider");
  return value;
}

export function kindLabel(env: Environment): string {
  switch (env.kind.type) {
    case "profile":
      return `AWS profile (${env.kind.credentials.replace("-", " ")})`;
    case "envVars":
      return "Environment variables";
    case "accessKeys":
      return "Access keys (OS keyring)";
    case "local":
      return "Local endpoint";
    case "sandbox":
      return "Built-in sandbox (no AWS account)";
  }
}
