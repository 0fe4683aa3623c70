import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  /** The dialog's accessible name. */
  label: string;
  /** Escape; not called while `locked`. */
  onDismiss: () => void;
  locked?: boolean;
  busy?: boolean;
  className?: string;
  children: ReactNode;
}

/**
 * A native modal `<dialog>`: the browser traps focus, makes the page inert and
 * restores focus on close, which hand-written modals rarely get right.
 */
export function Modal({ label, onDismiss, locked, busy, className, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      aria-label={label}
      aria-busy={busy || undefined}
      className={className ? `modal ${className}` : 'modal'}
      onCancel={(event) => {
        event.preventDefault();
        if (!locked) onDismiss();
      }}
    >
      {children}
    </dialog>
  );
}
