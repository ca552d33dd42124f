// Renders its children only in the browser after hydration (the fallback on the server and on
// the first client render), for widgets such as the week calendar that need the DOM.
import { useSyncExternalStore, type ReactNode } from "react";

const subscribe = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
  return useHydrated() ? <>{children()}</> : <>{fallback}</>;
}
