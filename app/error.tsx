"use client";

import { ErrorPanel } from "@/components/error-panel";

export default function InboxError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel title="The contacts could not be loaded" reset={reset} digest={error.digest} />;
}
