import { useState } from 'react';

/**
 * Copies a value to the clipboard, says so to screen readers, and says what to do when the browser refuses
 * (no permission, or not a secure context): the value is shown beside the button for selecting by hand.
 */
export function CopyButton({ value, what }: { value: string; what: string }) {
  const [said, setSaid] = useState<string>();

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setSaid('Copied.');
    } catch {
      setSaid('The browser refused: select the value and copy it with Ctrl+C (⌘C).');
    }
  }

  return (
    <span className="copy-button">
      <button type="button" className="button button-secondary button-small" aria-label={`Copy ${what}`} onClick={() => void copy()}>
        Copy
      </button>
      <span className="copy-said" role="status">
        {said}
      </span>
    </span>
  );
}
