/** Ends the session: a plain form POST, so it works without JavaScript (the route checks it is same-site). */
export function SignOutButton() {
  return (
    <form action="/api/auth/sign-out" method="post">
      <button type="submit" className="focus-ring rounded text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
        Sign out
      </button>
    </form>
  );
}
