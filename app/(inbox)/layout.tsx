import { requireAgent } from "@/app/_server/current-agent";

/**
 * The inbox streams behind a loading skeleton; checking the session here, outside that boundary,
 * means a bad or expired session gets a real 307 to sign-in before anything is streamed. The page
 * checks again where it reads data.
 */
export default async function InboxLayout({ children }: { children: React.ReactNode }) {
  await requireAgent();
  return children;
}
