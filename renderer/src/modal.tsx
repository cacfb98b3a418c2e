/**
 * A modal dialog on the browser's own `<dialog>`: Esc closes it, focus starts on its first field
 * and stays inside, the editor behind is inert (its shortcuts too), and a click beside it closes
 * it. The caller owns whether it is shown: closing asks `onClose`, which unmounts it.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function Modal({ label, onClose, children }: { label: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal-dialog"
      aria-label={label}
      onCancel={(e) => {
        e.preventDefault(); // the caller closes it, by unmounting
        onClose();
      }}
      // The dialog is as large as its content: a click on it, not on anything inside, is on the backdrop.
      onClick={(e) => e.target === e.currentTarget && onClose()}
    >
      {children}
    </dialog>
  );
}
