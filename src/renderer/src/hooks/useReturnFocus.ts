import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * Puts the focus back on whatever opened a dialog once the dialog is gone.
 * A native `<dialog>` restores focus when it is closed in place, but React
 * removes it from the page first, so without this the focus falls to <body>.
 */
export function useReturnFocus() {
  const opener = useRef<HTMLElement | null>(null);
  // Layout effects run before the dialog's own effect calls showModal() and moves the focus inside.
  useLayoutEffect(() => {
    const active = document.activeElement;
    // Only the first mount counts: StrictMode's re-mount happens with the focus already in the dialog.
    if (!opener.current && active instanceof HTMLElement && active !== document.body) opener.current = active;
  }, []);
  // A passive cleanup runs after the dialog has left the page, when the rest of it is no longer inert.
  useEffect(
    () => () => {
      const element = opener.current;
      if (element?.isConnected) element.focus();
    },
    [],
  );
}
