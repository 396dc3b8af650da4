"use client";

import { ErrorPanel } from "@/components/error-panel";

export default function DeliveriesError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel title="The callback log could not be loaded" reset={reset} digest={error.digest} />;
}
