// Hash routes: the app is one window with no server, and the hash survives a reload.
import { useEffect, useState } from "react";

export function currentPath(): string {
  return window.location.hash.replace(/^#/, "") || "/clusters";
}

export function navigate(path: string): void {
  window.location.hash = path;
}

export function useRoute(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onChange = () => setPath(currentPath());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return path;
}

/** Follow handler for Cloudscape links and navigation: route inside the app. */
export function follow(event: CustomEvent<{ href?: string; external?: boolean }>): void {
  const href = event.detail.href;
  if (!href || event.detail.external) return;
  event.preventDefault();
  navigate(href.replace(/^#/, ""));
}
