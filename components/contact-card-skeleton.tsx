/**
 * The shape of a contact card while the page loads. Every inbox response carries the loading state
 * (six of these) in its RSC payload for later navigations, so the repeated looks are two short classes.
 */
export function ContactCardSkeleton() {
  return (
    <div aria-hidden className="skeleton-card">
      <div className="flex gap-3">
        <div className="skeleton-bar h-10 w-10 rounded-full" />
        <div className="flex-1 space-y-2">
          <div className="skeleton-bar h-4 w-2/3" />
          <div className="skeleton-bar h-3 w-1/3" />
        </div>
      </div>
      <div className="mt-6 space-y-2">
        <div className="skeleton-bar h-3 w-1/2" />
        <div className="skeleton-bar h-3 w-3/5" />
      </div>
    </div>
  );
}
