export default function InboxPage() {
  return <main className="p-6">Contact Inbox</main>;
}
