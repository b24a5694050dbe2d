import { useEffect, useRef } from "react";

/**
 * Focuses the page's heading once it is shown (so screen readers announce the new page after a
 * navigation) and names the browser tab after it. Pass `null` while the title is still loading.
 */
export function usePageHeading(title: string | null) {
  const ref = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);
  const shown = title !== null;

  useEffect(() => {
    if (!shown || focused.current || !ref.current) return;
    focused.current = true;
    ref.current.focus();
  }, [shown]);

  useEffect(() => {
    if (title) document.title = `${title} — Kakehashi 架け橋`;
  }, [title]);

  return ref;
}
